"""pytest, every run (tests/ and the doctests of algnet/, also run alone): the store of solved network structures
(algnet.analyses.critical.structure_store) is a temporary directory, never the user's cache; tests/conftest.py
gives each test one of its own."""

import atexit
import os
import shutil
import tempfile

os.environ["ALGNET_CACHE_DIR"] = tempfile.mkdtemp(prefix="algnet-test-cache-")
atexit.register(shutil.rmtree, os.environ["ALGNET_CACHE_DIR"], True)
