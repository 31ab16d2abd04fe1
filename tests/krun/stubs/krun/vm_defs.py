# Test double of krun.vm_defs (tests/krun only), modelled on the behaviour
# described in research/krun-warmup.md A.4 and B.2; not Krun's code.
# Every VM def constructed is recorded in CONSTRUCTED, and _run_exec records
# the argv Krun would run (debug flag and instrumentation args appended).
import os

from krun.util import fatal

# Where Krun keeps its own runners; a relative runner name is joined to it.
ITERATIONS_RUNNER_DIR = "/KRUN/iterations_runners"
BENCHMARKS_DIR = os.path.abspath(os.path.join(os.getcwd(), "benchmarks"))
INSTR_DIR = "/KRUN_INSTR_DIR"

CONSTRUCTED = []


class BaseVMDef(object):
    def __init__(self, iterations_runner, env=None, instrument=False):
        self.iterations_runner = iterations_runner
        self.env = env
        self.instrument = instrument
        self.ran = []
        CONSTRUCTED.append(self)

    def _get_benchmark_path(self, benchmark, entry_point, force_dir=None):
        base = force_dir or BENCHMARKS_DIR
        if entry_point.subdir:
            return os.path.join(base, benchmark, entry_point.subdir,
                                entry_point.target)
        return os.path.join(base, benchmark, entry_point.target)

    def _run_exec(self, args, heap_lim_k, stack_lim_k, key, key_pexec_idx,
                  bench_env_changes=None, sync_disks=True):
        args = list(args) + ["0"]
        if self.instrument:
            args += [INSTR_DIR, key, str(key_pexec_idx)]
        self.ran.append(args)
        return ("", "", 0, None, False)

    def parse_instr_stderr_file(self, file_handle):
        return {}

    def sanity_checks(self):
        pass


class GenericScriptingVMDef(BaseVMDef):
    def __init__(self, vm_path, iterations_runner, entry_point=None,
                 subdir=None, env=None, instrument=False):
        self.vm_path = vm_path
        self.extra_vm_args = []
        BaseVMDef.__init__(self,
                           os.path.join(ITERATIONS_RUNNER_DIR, iterations_runner),
                           env=env, instrument=instrument)

    def _generic_scripting_run_exec(self, entry_point, iterations, param,
                                    heap_lim_k, stack_lim_k, key,
                                    key_pexec_idx, force_dir=None,
                                    sync_disks=True):
        bench = key.split(":")[0]
        path = self._get_benchmark_path(bench, entry_point, force_dir=force_dir)
        args = ([self.vm_path] + self.extra_vm_args +
                [self.iterations_runner, path, str(iterations), str(param)])
        return self._run_exec(args, heap_lim_k, stack_lim_k, key,
                              key_pexec_idx, sync_disks=sync_disks)

    def sanity_checks(self):
        if not os.path.exists(self.vm_path):
            fatal("VM path non-existent: %s" % self.vm_path)

    def check_benchmark_files(self, benchmark, entry_point):
        path = self._get_benchmark_path(benchmark, entry_point)
        if not os.path.exists(path):
            fatal("Benchmark file non-existent: %s" % path)


class LuaVMDef(GenericScriptingVMDef):
    # Krun's LuaVMDef takes no `instrument` argument and uses Krun's runner.
    def __init__(self, vm_path, env=None):
        GenericScriptingVMDef.__init__(self, vm_path, "iterations_runner.lua",
                                       env=env)

    def run_exec(self, entry_point, iterations, param, heap_lim_k,
                 stack_lim_k, key, key_pexec_idx, force_dir=None,
                 sync_disks=True):
        return self._generic_scripting_run_exec(
            entry_point, iterations, param, heap_lim_k, stack_lim_k, key,
            key_pexec_idx, force_dir=force_dir, sync_disks=sync_disks)
