"""One prime given to `algnet hilbert --primes`: refused (two independent trials are needed), with a hint the
command line can follow (it read 'hint: --primes None uses the default list', which no shell user can type)."""

from algnet.cli import main


def test_one_prime_is_refused_with_a_hint_for_the_command_line(capsys):
    assert main(["hilbert", "linear 3-1-3", "--seed", "0", "--primes", "268435399"]) == 2
    err = capsys.readouterr().err
    assert "need at least two primes" in err and "None" not in err and "Traceback" not in err
