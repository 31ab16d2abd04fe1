"""The experiment matrix, read from krun-config/experiment_def.py (the file
krun-config/mtvm.krun reads too), turned into the plan of one local run."""
import os
import types

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))


def load_def(root):
    """Executes experiment_def.py into a module, like mtvm.krun does."""
    path = os.path.join(root, "krun-config", "experiment_def.py")
    mod = types.ModuleType("mtvm_experiment_def")
    mod.__file__ = path
    with open(path) as fh:
        exec(compile(fh.read(), path, "exec"), mod.__dict__)
    return mod


def make_key(bench, vm, variant):
    return "%s:%s:%s" % (bench, vm, variant)


class Plan:
    """What one local run does: which keys, how many pexecs and iterations,
    and the exact argv/environment of each process execution."""

    def __init__(self, root, settings):
        self.root = root
        self.exp = load_def(root)
        self.settings = settings
        self.benchmarks = self.exp.benchmark_params(root, settings["params"])
        self.vms = self.exp.vm_names()
        self.variant = self.exp.VARIANT
        self.luajit = self.exp.find_luajit()
        shape = "quick" if settings["name"] == "mtvm-quick" else "paper"
        self.skip = self.exp.skip_patterns(   # {SKIP pattern: reason}
            shape, [b for b, _ in self.benchmarks], self.exp.pt_available(),
            self.luajit)
        self._check_only()

    def _check_only(self):
        names = set(b for b, _ in self.benchmarks)
        for pat in self.settings["only"]:
            bench, _, vm = pat.partition(":")
            if bench not in names:
                raise SystemExit("--only %s: no benchmark %r in the suite"
                                 % (pat, bench))
            if vm and vm not in self.vms:
                raise SystemExit("--only %s: no VM %r (VMs: %s)"
                                 % (pat, vm, ", ".join(self.vms)))

    def all_keys(self):
        """Every bench:vm:variant combination (Krun puts all in the file)."""
        return [make_key(b, vm, self.variant)
                for vm in self.vms for b, _ in self.benchmarks]

    def selected(self, bench, vm):
        only = self.settings["only"]
        if not only:
            return True
        for pat in only:
            b, _, v = pat.partition(":")
            if b == bench and (not v or v == vm):
                return True
        return False

    def runnable_keys(self):
        """[(key, bench, vm, param)] to run, in Krun's order within a round
        (for vm: for bench: for variant; B.1)."""
        out = []
        for vm in self.vms:
            for bench, param in self.benchmarks:
                key = make_key(bench, vm, self.variant)
                if self.selected(bench, vm) and \
                        not self.exp.should_skip(self.skip, key):
                    out.append((key, bench, vm, param))
        return out

    def argv(self, bench, vm, param, instr=None):
        """The argv Krun's VM def builds (B.2), debug flag "0" appended, plus
        the three instrumentation arguments when instr=(dir, key, idx)."""
        exp = self.exp
        bench_file = exp.bench_path(self.root, bench)
        if vm == exp.LUAJIT_VM:
            head = [self.luajit, os.path.join(self.root, exp.RUNNER_RELPATH)]
        else:
            head = exp.mtvm_argv_prefix(self.root, vm)
            if self.settings.get("mtvm"):
                head[0] = os.path.abspath(self.settings["mtvm"])
        argv = head + [bench_file, str(self.settings["iterations"]),
                       str(param), "0"]
        if instr:
            argv += [instr[0], instr[1], str(instr[2])]
        return argv

    def env(self, vm):
        """Krun's inner environment starts as PATH=/bin:/usr/bin (B.2)."""
        env = {"PATH": "/bin:/usr/bin"}
        if vm == self.exp.LUAJIT_VM:
            env["LUA_INIT"] = "@" + os.path.join(
                self.root, self.exp.LUAJIT_PRELUDE_RELPATH)
        return env

    def config_path(self):
        return os.path.join(self.root, "krun-config",
                            self.settings["name"] + ".krun")
