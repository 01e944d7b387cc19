"""A Ctrl-C noted during a command whose analysis still returned a complete answer (e.g. degree's Hilbert
cross-check cut short after a monodromy count whose trace test passed: status 130 and a complete-looking answer,
nothing said, 2026-12-05) is explained on stderr; a partial answer or an uninterrupted run gets no such line."""

from algnet.cli import _common


def test_a_complete_answer_after_a_ctrl_c_is_explained(capsys):
    _common.clear_interrupted()
    assert _common.exit_status(False) == 0 and capsys.readouterr().err == ""
    _common._INTERRUPTED["flag"] = True
    try:
        assert _common.exit_status(True) == 130 and capsys.readouterr().err == ""     # partial: says so itself
        assert _common.exit_status(False) == 130
        assert "returned the answer above as complete" in capsys.readouterr().err
    finally:
        _common.clear_interrupted()


def test_degree_with_its_cross_check_cut(monkeypatch, capsys):
    """In process: the Hilbert cross-check of a monodromy count gets the Ctrl-C (hilbert_function turns it into a
    partial result; the fallback raises the Ctrl-C on and the monodromy route keeps its finished count): the count
    is printed, its reason says the cross-check was interrupted, status 130, the line on stderr."""
    from _cli import sigint

    import algnet.analyses.hilbert as hilbert
    from algnet.cli import main

    real = hilbert.hilbert_function
    calls = []

    def cut(*a, **k):
        calls.append(1)
        sigint()                  # the command line's handler notes it and raises KeyboardInterrupt here
        return real(*a, **k)

    def hilbert_function(*a, **k):
        try:
            return cut(*a, **k)
        except KeyboardInterrupt:         # as hilbert_function does: a partial result
            return real(*a, **dict(k, up_to=1))

    monkeypatch.setattr(hilbert, "hilbert_function", hilbert_function)
    code = main(["degree", "dense 2-2-3 r=2", "--method", "monodromy", "--seed", "0"])
    out, err = capsys.readouterr()
    assert calls, "the cross-check did not run: pick a case the theorems do not confirm"
    assert code == 130 and "degree" in out and "Hilbert polynomial agrees" not in out
    assert "cross-check was interrupted" in out
    assert "returned the answer above as complete" in err
