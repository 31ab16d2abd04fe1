# Loads a .krun config the way Krun does (A.1: execute the file, keep every
# top-level name) with the stub krun modules, exercises every VM def, and
# prints a JSON summary on stdout for tests/krun/test_config.py.
# Python 2.7 and 3 (Krun runs configs under 2.7).
#
#   cd <repo root> && python load_config.py CONFIG.krun [INSTR_STDERR_FILE]
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "stubs"))
sys.dont_write_bytecode = True

from krun import EntryPoint  # noqa: E402  (stub)
import krun.vm_defs as stub_vm_defs  # noqa: E402


def load(path):
    assert path.endswith(".krun"), "Krun asserts the .krun suffix"
    with open(path) as fh:
        text = fh.read()
    names = {}
    exec(compile(text, path, "exec"), names)
    return names


def vm_summary(entry):
    vd = entry["vm_def"]
    return {"class": type(vd).__name__, "vm_path": vd.vm_path,
            "extra_vm_args": vd.extra_vm_args,
            "iterations_runner": vd.iterations_runner,
            "instrument": vd.instrument, "variants": entry["variants"],
            "n_iterations": entry["n_iterations"]}


def argv_samples(cfg):
    """{key: argv} for one pexec of every bench:vm:variant key."""
    out = {}
    for vm, entry in sorted(cfg["VMS"].items()):
        for bench, param in sorted(cfg["BENCHMARKS"].items()):
            for variant in entry["variants"]:
                key = "%s:%s:%s" % (bench, vm, variant)
                vd = entry["vm_def"]
                ep = cfg["VARIANTS"][variant]
                vd.run_exec(ep, entry["n_iterations"], param,
                            cfg["HEAP_LIMIT"], cfg["STACK_LIMIT"], key, 0)
                out[key] = vd.ran[-1]
    return out


def main():
    cfg = load(sys.argv[1])
    summary = {}
    for name in ("HEAP_LIMIT", "STACK_LIMIT", "N_EXECUTIONS",
                 "EXECUTION_TIMEOUT", "BENCHMARKS", "SKIP", "SKIP_REASONS",
                 "INSTRUMENT"):
        summary[name] = cfg.get(name)
    summary["VARIANTS"] = dict((k, [v.target, v.subdir])
                               for k, v in cfg["VARIANTS"].items()
                               if isinstance(v, EntryPoint))
    summary["VMS"] = dict((k, vm_summary(v)) for k, v in cfg["VMS"].items())
    summary["argv"] = argv_samples(cfg)
    summary["n_constructed"] = len(stub_vm_defs.CONSTRUCTED)
    if len(sys.argv) > 2:
        vd = cfg["VMS"]["mtvm-interp"]["vm_def"]
        with open(sys.argv[2]) as fh:
            summary["instr_parse"] = vd.parse_instr_stderr_file(fh)
    summary["python"] = sys.version.split()[0]
    json.dump(summary, sys.stdout, sort_keys=True)


if __name__ == "__main__":
    main()
