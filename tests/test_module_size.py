"""The size rule of the project's style: one concern per module, and a module past ~600 lines is split.

No module under ``algnet/`` may have more than :data:`LIMIT` lines (a little slack above 600 for a
module that is about to be split, never a home for a new concern). :data:`OVER_LIMIT` may record a module
that main holds above the limit (with the size it had then: it may shrink, never grow) until it is
split; it is empty today (analyses/critical/system.py, 691 lines at one merge, was split since).
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIMIT = 650
OVER_LIMIT: dict = {}      # "algnet/path.py": lines it had when it was recorded (none on main today)


def module_sizes(root: Path = ROOT) -> dict:
    """Lines of every Python module under ``root/algnet``, by path relative to ``root``."""
    return {p.relative_to(root).as_posix(): len(p.read_text(encoding="utf-8").splitlines())
            for p in sorted((root / "algnet").rglob("*.py"))}


def test_no_module_is_over_the_limit():
    sizes = module_sizes()
    assert len(sizes) > 100                      # the walk found the package
    over = {path: n for path, n in sizes.items() if n > OVER_LIMIT.get(path, LIMIT)}
    assert not over, "modules over %d lines (split them by concern): %s" % (
        LIMIT, ", ".join(f"{path} ({n})" for path, n in sorted(over.items(), key=lambda kv: -kv[1])))


def test_the_count_is_the_number_of_lines(tmp_path):
    pkg = tmp_path / "algnet" / "sub"
    pkg.mkdir(parents=True)
    (pkg / "big.py").write_text("x = 1\n" * (LIMIT + 1))
    (tmp_path / "algnet" / "small.py").write_text('"""doc"""\n\ny = 2')       # no final newline
    assert module_sizes(tmp_path) == {"algnet/small.py": 3, "algnet/sub/big.py": LIMIT + 1}
