# Test double of Krun's `krun` package (tests/krun only): just enough for a
# .krun config to load outside Krun. Written from research/krun-warmup.md A.3;
# not Krun's code. Python 2.7/3.


class EntryPoint(object):
    def __init__(self, target, subdir=None):
        self.target = target
        self.subdir = subdir
