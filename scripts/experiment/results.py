"""Krun's results file (research/krun-warmup.md D): bzip2'd JSON, rewritten
in full, atomically, after every process execution."""
import bz2
import json
import os

PER_KEY = ("wallclock_times", "core_cycle_counts", "aperf_counts",
           "mperf_counts", "pexec_flags", "eta_estimates")
PER_CORE = ("core_cycle_counts", "aperf_counts", "mperf_counts")
TOP_KEYS = ("audit", "config", "error_flag") + PER_KEY


def new(keys, config_text, audit):
    doc = {"audit": audit, "config": config_text, "error_flag": False}
    for name in PER_KEY:
        doc[name] = dict((k, []) for k in keys)
    return doc


def load(path):
    with bz2.open(path, "rt") as fh:
        return json.load(fh)


def write_atomic(path, doc):
    """temp file + fsync + rename + fsync of the directory: a kill -9 at any
    moment leaves either the old or the new complete file."""
    d = os.path.dirname(os.path.abspath(path))
    os.makedirs(d, exist_ok=True)
    tmp = os.path.join(d, ".%s.tmp%d" % (os.path.basename(path), os.getpid()))
    data = json.dumps(doc, indent=1, sort_keys=True).encode("utf-8")
    with open(tmp, "wb") as fh:
        fh.write(bz2.compress(data))
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    dfd = os.open(d, os.O_RDONLY)
    try:
        os.fsync(dfd)
    finally:
        os.close(dfd)


def append(doc, key, flag, times, seconds, num_cores=0):
    """Adds one finished pexec (Krun's append_exec_measurements): failed ones
    get empty lists (B.6); like Krun's scheduler, only E (not T) sets
    error_flag."""
    assert flag in ("C", "E", "T")
    doc["wallclock_times"][key].append(times if flag == "C" else [])
    for name in PER_CORE:
        doc[name][key].append([[] for _ in range(num_cores)])
    doc["pexec_flags"][key].append(flag)
    doc["eta_estimates"][key].append(seconds)
    if flag == "E":
        doc["error_flag"] = True


def problems(doc, num_cores=0):
    """Consistency problems Krun's integrity check would refuse ([] if none)."""
    out = ["missing top-level key %s" % k for k in TOP_KEYS if k not in doc]
    if out:
        return out
    for key, flags in doc["pexec_flags"].items():
        for name in PER_KEY:
            if len(doc[name].get(key, ())) != len(flags):
                out.append("%s: %s has %d pexecs, pexec_flags %d"
                           % (key, name, len(doc[name].get(key, ())), len(flags)))
        for name in PER_CORE:
            if any(len(p) != num_cores for p in doc[name].get(key, ())):
                out.append("%s: %s core count != %d" % (key, name, num_cores))
    return out


def done_counts(doc):
    return dict((k, len(v)) for k, v in doc["pexec_flags"].items())
