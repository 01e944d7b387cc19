import faulthandler
import sys

try:
    faulthandler.enable(file=sys.stderr, all_threads=True)   # fatal signals only: a crash leaves a stack
except (AttributeError, ValueError, OSError, RuntimeError):
    pass

try:
    from algnet.cli import main

    sys.exit(main())
except KeyboardInterrupt:  # Ctrl-C while the command line is still loading: no traceback
    print("algnet: interrupted", file=sys.stderr)
    sys.exit(130)
