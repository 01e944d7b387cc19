"""The source files a stored structure's record depends on (:mod:`.structure_store` hashes them into every
record's key): a record written by other code is never read.

:data:`STRUCTURE_SOURCES` are modules of :mod:`algnet.analyses.critical`, :data:`SOLVE_SOURCES` the modules
elsewhere in algnet that the structure-level solve runs or compiles into its kernels. The network's own class
modules are added per class by :func:`.structure_store.source_hash`. The lists are checked against a traced solve
of each recorded route (tests/test_structure_sources.py): a module the solve runs and no list names fails there.

Examples
--------
>>> from algnet.analyses.critical.structure_sources import SOLVE_SOURCES, STRUCTURE_SOURCES
>>> "multihom_start.py" in STRUCTURE_SOURCES, "homotopy/tracker.py" in SOLVE_SOURCES
(True, True)
"""

__all__ = ["STRUCTURE_SOURCES", "SOLVE_SOURCES"]

#: the modules (in :mod:`algnet.analyses.critical`) that determine a structure's family, its points and their
#: completeness check, and the record's ``full_support`` note (ed.py); the source hash covers them and the network's
#: class modules
STRUCTURE_SOURCES = ("warm.py", "structure_store.py", "structure_record.py", "loss.py", "system.py", "small.py",
                     "multihom.py", "multihom_family.py", "multihom_start.py", "multihom_solve.py", "equivariant.py",
                     "total_degree.py", "paths.py", "refine.py", "warm_views.py", "ed.py", "structure_load.py",
                     "chern.py", "disc_kernel.py", "estimate.py", "full_trace.py", "image_bound.py", "image_rows.py",
                     "posdim.py", "rebalance.py", "slice_ranks.py", "solve_notes.py", "tape_store.py",
                     "trace_curvature.py", "warm_call.py", "warm_paths.py", "structure_sources.py",
                     "structure_files.py", "curve_ed.py")

#: the modules outside :mod:`algnet.analyses.critical` that the structure-level solve runs or compiles into its
#: kernels (paths relative to the ``algnet`` package; tests/test_structure_sources.py derives the set by tracing
#: a solve of each recorded route): the source hash covers them too, so an edit there is never answered by a record
#: its old code wrote
SOLVE_SOURCES = tuple(f"analyses/{m}.py" for m in (
    "dimension", "dimension_estimate", "dimension_result", "local_rank", "network_input", "shared", "witness",
    "witness_program")) + tuple(f"architectures/{m}.py" for m in (
        "activation_symmetry", "derived", "interpolation", "junction_components", "junction_ends", "junction_maps",
        "junction_parts", "junctions", "layers/activations", "layers/base", "layers/linear", "product_branch_roots",
        "product_junction", "sequential_limits", "sequential_plan", "spec")) + tuple(
            f"core/{m}.py" for m in (
                "backends", "crt", "fastla", "fastla_kernels", "linalg", "matrix", "monomials", "numbers", "primes",
                "slp")) + ("formulas.py", "formulas_conv.py", "formulas_relu.py", "numtext.py") + tuple(
                    f"homotopy/{m}.py" for m in (
                    "batched", "block_lu", "blocks", "blocks_vec", "certify", "compiled_endpoints",
                    "compiled_overlap", "disc_rules", "discs", "endpoint_finish", "endpoint_kernels", "few_paths",
                    "fused",
                    "homotopies", "kernel_cache", "kernels", "krawczyk", "monodromy/__init__", "monodromy/options",
                    "monodromy/trace", "newton", "packed_lanes", "path_groups", "path_lu", "path_threads", "rows",
                    "systems", "tape_tracer", "threads", "tracker", "tracker_options", "vectors", "work_pool"))
