import sys

from algnet.cli import main

sys.exit(main())
