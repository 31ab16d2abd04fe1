# Test double of krun.util: fatal() raises so a test sees it.


class FatalError(Exception):
    pass


def fatal(msg):
    raise FatalError(msg)
