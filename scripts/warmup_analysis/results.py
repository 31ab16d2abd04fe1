"""Reading Krun results files (§D): `*.json.bz2` or plain `.json`.

Only `wallclock_times[key][pexec][iteration]`, `pexec_flags` (HEAD Krun)
and `audit.uname` are used; unknown and legacy keys are ignored (§G 1).
An empty pexec list is a crashed / timed-out / errored process execution
(§B.6, §E.1): it is recorded with its flag and reported, never fatal.
"""
import bz2
import json
from collections import namedtuple

MIN_ITERATIONS = 4   # §G 6: PELT (minimum segment length 2) needs 4 points

# One (bench, vm, variant) key. pexecs: one list of floats per process
# execution (empty when it failed); flags: "C", "E", "T" or "?" (no flag).
KeyData = namedtuple("KeyData", "key bench vm variant pexecs flags")


class ResultsError(Exception):
    pass


def load_json(path):
    opener = bz2.open if path.endswith(".bz2") else open
    try:
        with opener(path, "rt", encoding="utf-8") as fh:
            return json.load(fh)
    except (OSError, ValueError, EOFError) as e:
        raise ResultsError("%s: cannot read results file: %s" % (path, e))


def machine_name(doc):
    """§D.3: the second word of `uname -a`, minus any domain."""
    words = str(doc.get("audit", {}).get("uname", "")).split()
    return words[1].split(".")[0] if len(words) > 1 else "unknown"


def split_key(key):
    parts = key.split(":")
    if len(parts) != 3:
        raise ResultsError("bad key %r (want bench:vm:variant)" % key)
    return parts


def _flags_for(doc, key, n):
    flags = list((doc.get("pexec_flags") or {}).get(key) or [])
    flags = [str(f) for f in flags[:n]]
    return flags + ["?"] * (n - len(flags))


def keys_of(doc, path):
    times = doc.get("wallclock_times")
    if not isinstance(times, dict):
        raise ResultsError("%s: no wallclock_times object" % path)
    out = {}
    for key, pexecs in times.items():
        bench, vm, variant = split_key(key)
        pexecs = [[float(v) for v in (p or [])] for p in (pexecs or [])]
        out[key] = KeyData(key, bench, vm, variant, pexecs,
                           _flags_for(doc, key, len(pexecs)))
    return out


def first_iteration_count(keys):
    """§E: N is the iteration count of the first non-empty pexec."""
    for key in sorted(keys):
        for p in keys[key].pexecs:
            if p:
                return len(p)
    return 0


class ResultsSet:
    """One or more results files from one machine, merged key-wise (§E.6)."""

    def __init__(self, paths):
        self.paths = list(paths)
        self.machine = None
        self.keys = {}
        self.n_iterations = 0
        for path in self.paths:
            self._add(path)

    def _add(self, path):
        doc = load_json(path)
        machine = machine_name(doc)
        if self.machine not in (None, machine):
            raise ResultsError("%s: machine %s differs from %s; only one machine "
                               "per analysis" % (path, machine, self.machine))
        self.machine = machine
        keys = keys_of(doc, path)
        n = first_iteration_count(keys)
        if n and self.n_iterations and n != self.n_iterations:
            raise ResultsError("%s: %d iterations per pexec, earlier files %d"
                               % (path, n, self.n_iterations))
        self.n_iterations = self.n_iterations or n
        for key, data in keys.items():
            old = self.keys.get(key)
            if old is None:
                self.keys[key] = data
            else:
                self.keys[key] = old._replace(pexecs=old.pexecs + data.pexecs,
                                              flags=old.flags + data.flags)

    def benchmarks(self):
        return sorted({k.bench for k in self.keys.values()})

    def columns(self):
        """Column groups: VM name, or vm:variant when a VM has several."""
        pairs = sorted({(k.vm, k.variant) for k in self.keys.values()})
        return [(vm, var) for vm, var in pairs]
