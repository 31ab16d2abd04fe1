# Test double for the subprocess32 backport real Krun imports (Python 2.7):
# the standard library's subprocess is enough for what the checks call.
from subprocess import *  # noqa: F401,F403
