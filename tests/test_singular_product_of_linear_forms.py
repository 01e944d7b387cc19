"""The singular strata of products of two linear forms: ``layers Linear(3, 2), Product(Linear(2, 1), Linear(2, 1))``.

M is the cubic hypersurface det S = 0 of ternary quadrics of rank <= 2 (dimension 5 in C^6); its singular locus is
the quadrics of rank <= 1, the squares l^2 (dimension 3), and the zero quadric. The stratum where the product's
output is zero has a linear block the output does not involve, which made the flattening bound of its dimension
take the maximum of no ranks (a ValueError traceback from ``algnet singular``).
"""

import json

from algnet.cli import main


def test_the_strata_of_products_of_two_linear_forms(capsys):
    argv = ["singular", "layers Linear(3, 2), Product(Linear(2, 1), Linear(2, 1))", "--seed", "0", "--json",
            "--time-limit", "120"]
    assert main(argv) == 0
    d = json.loads(capsys.readouterr().out)
    assert (d["dimension"], d["ambient"]) == (5, 6)
    by_dim = {s["dimension"]: s for s in d["strata"]}
    assert by_dim[5]["singular"] is False                   # the generic point of the hypersurface
    assert by_dim[3]["singular"] is True                    # the squares l^2: rank-one quadrics
    assert by_dim[0]["singular"] is True                    # the zero quadric, the cone's vertex
