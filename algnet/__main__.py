import sys

try:
    from algnet.cli import main

    sys.exit(main())
except KeyboardInterrupt:  # Ctrl-C while the command line is still loading: no traceback
    print("algnet: interrupted", file=sys.stderr)
    sys.exit(130)
