"""The line-length rule of the package: no line of a module under ``algnet/`` is longer than :data:`LIMIT`
characters (120 columns: the limit the package's modules keep to, de facto; no linter configures one).

:data:`OVER_LIMIT` records the modules that still held longer lines when this test was written (in modules other
work owned at the time), with how many: a module's count may shrink, never grow, and a module not listed may have
none. Wrap a listed module's lines and lower (or delete) its entry; never add one.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIMIT = 120

#: module: lines longer than LIMIT it had when recorded
OVER_LIMIT = {
    "algnet/analyses/critical/disc_tape.py": 1,
    "algnet/analyses/critical/ed.py": 2,
    "algnet/analyses/critical/estimate.py": 1,
    "algnet/analyses/critical/multihom.py": 3,
    "algnet/analyses/critical/paths.py": 1,
    "algnet/analyses/critical/purity.py": 1,
    "algnet/analyses/critical/rechart.py": 1,
    "algnet/analyses/critical/slice_solve.py": 1,
    "algnet/analyses/critical/small.py": 2,
    "algnet/analyses/critical/solve.py": 2,
    "algnet/analyses/critical/solve_notes.py": 2,
    "algnet/analyses/critical/tape_store.py": 1,
    "algnet/homotopy/kernels.py": 1,
    "algnet/relu/boundary.py": 1,
    "algnet/relu/catalog.py": 1,
    "algnet/relu/estimates.py": 6,
    "algnet/relu/fd_estimate.py": 1,
    "algnet/relu/functional.py": 4,
    "algnet/relu/geometry.py": 2,
    "algnet/relu/hidden_symmetries.py": 2,
    "algnet/relu/local_complexity.py": 3,
    "algnet/relu/model.py": 1,
    "algnet/relu/model_estimates.py": 1,
    "algnet/relu/model_params.py": 1,
    "algnet/relu/model_regions.py": 1,
    "algnet/relu/model_regions_float.py": 1,
    "algnet/relu/model_torch.py": 1,
    "algnet/relu/partition.py": 2,
    "algnet/relu/polyhedral.py": 5,
    "algnet/relu/regions.py": 1,
    "algnet/relu/slices.py": 3,
    "algnet/relu/symmetries.py": 1,
    "algnet/relu/torch_import.py": 1,
    "algnet/relu/torch_layers.py": 3,
    "algnet/relu/torch_load.py": 7,
    "algnet/relu/weights.py": 4,
    "algnet/relu/workers.py": 1,
}


def long_lines(root: Path = ROOT) -> dict:
    """Number of lines longer than :data:`LIMIT` characters of every module under ``root/algnet`` that has any."""
    out = {}
    for p in sorted((root / "algnet").rglob("*.py")):
        n = sum(len(line) > LIMIT for line in p.read_text(encoding="utf-8").splitlines())
        if n:
            out[p.relative_to(root).as_posix()] = n
    return out


def test_no_module_has_more_long_lines_than_recorded():
    assert len(list((ROOT / "algnet").rglob("*.py"))) > 100          # the walk found the package
    over = {path: n for path, n in long_lines().items() if n > OVER_LIMIT.get(path, 0)}
    assert not over, "lines longer than %d characters (wrap them): %s" % (
        LIMIT, ", ".join(f"{path} ({n}, {OVER_LIMIT.get(path, 0)} allowed)" for path, n in sorted(over.items())))


def test_the_count_is_of_characters_past_the_limit(tmp_path):
    pkg = tmp_path / "algnet" / "sub"
    pkg.mkdir(parents=True)
    (pkg / "wide.py").write_text("x" * LIMIT + "\n" + "y" * (LIMIT + 1) + "\n" + "é" * (LIMIT + 1), encoding="utf-8")
    (tmp_path / "algnet" / "narrow.py").write_text("z = 1\n" * 3)
    assert long_lines(tmp_path) == {"algnet/sub/wide.py": 2}       # 120 is allowed; 121 characters, not bytes
