"""krun-config/iterations_runner.mt: Krun's iterations-runner protocol
(research/krun-warmup.md B.2, B.5, B.6, C.4, B.8)."""
import json
import os
import re
import shutil

from harness import EXP, FIXTURES, RUNNER, is_json, process, run

# The whole stdout, byte for byte: one line, four keys in this order, times
# with nine decimals (nanoseconds), per-core lists empty (0 cores, B.5).
STDOUT_RE = re.compile(
    r'\A\{"wallclock_times": \[(\d+\.\d{9}(, \d+\.\d{9})*)?\], '
    r'"core_cycle_counts": \[\], "aperf_counts": \[\], "mperf_counts": \[\]\}\n\Z')


def fx(name):
    return os.path.join(FIXTURES, name)


def runner(vm, *args, **kw):
    return run(vm + [RUNNER] + [str(a) for a in args], **kw)


def t_ok_output(s, vm):
    rc, out, err = runner(vm, fx("ok_bench.mt"), 5, 3, 0)
    s.check("ok: rc 0", rc == 0, err)
    s.check("ok: stdout byte format", STDOUT_RE.match(out) is not None, repr(out))
    data = json.loads(out)
    s.check("ok: exactly the four keys", set(data) == process.EXPECT_KEYS)
    s.check("ok: 5 wallclock times", len(data["wallclock_times"]) == 5)
    s.check("ok: times are non-negative floats",
            all(isinstance(t, float) and t >= 0 for t in data["wallclock_times"]))
    s.check("ok: per-core lists empty",
            data["core_cycle_counts"] == data["aperf_counts"] ==
            data["mperf_counts"] == [])
    s.check("ok: nothing on stderr", err == "", err)
    flag, times, why = process.judge(process.Outcome(out, err, rc, False, 0))
    s.check("ok: Krun's checks accept it (C)", flag == "C", why)


def t_lengths(s, vm):
    for n in (1, 2000):
        rc, out, err = runner(vm, fx("ok_bench.mt"), n, 1, 0)
        ok = rc == 0 and len(json.loads(out)["wallclock_times"]) == n
        s.check("%d iterations -> %d times" % (n, n), ok, err[-500:])
    rc, out, err = runner(vm, fx("param_bench.mt"), 3, 7, 0)
    s.check("param reaches run_iter as the number 7", rc == 0, err[-500:])


def t_timing(s, vm):
    """Longer iterations must measure longer (the clock brackets run_iter)."""
    means = []
    for param in (1, 40):
        rc, out, err = runner(vm, fx("slow_bench.mt"), 3, param, 0)
        times = json.loads(out)["wallclock_times"] if rc == 0 else [0]
        means.append(sum(times) / len(times))
    s.check("1 ms iterations measure under 20 ms", means[0] < 0.02, means)
    s.check("40 ms iterations measure 30..200 ms", 0.03 < means[1] < 0.2, means)


def t_debug(s, vm):
    rc, out, err = runner(vm, fx("ok_bench.mt"), 4, 1, 1)
    s.check("debug 1: stdout format unchanged", STDOUT_RE.match(out) is not None)
    s.check("debug 1: progress lines on stderr",
            err.count("iteration ") == 4 and "4/4" in err, err)


def expect_failure(s, name, vm, args):
    rc, out, err = runner(vm, *args)
    s.check("%s: non-zero exit" % name, rc != 0, "rc=%s" % rc)
    s.check("%s: no JSON on stdout" % name, out.strip() == "" and
            not is_json(out), repr(out[:200]))
    s.check("%s: error on stderr" % name, err.strip() != "")
    return err


def t_failures(s, vm):
    err = expect_failure(s, "benchmark error", vm, [fx("err_bench.mt"), 5, 1, 0])
    s.check("benchmark error: message shown", "self-check failed" in err, err)
    expect_failure(s, "syntax error", vm, [fx("syntax_bench.mt"), 5, 1, 0])
    expect_failure(s, "no run_iter", vm, [fx("noentry_bench.mt"), 5, 1, 0])
    expect_failure(s, "missing file", vm, [fx("nonexistent.mt"), 5, 1, 0])
    ok = fx("ok_bench.mt")
    bad = {"no args": [], "3 args": [ok, 5, 1], "5 args": [ok, 5, 1, 0, "/tmp"],
           "6 args": [ok, 5, 1, 0, "/tmp", "a:b:c"],
           "8 args": [ok, 5, 1, 0, "/tmp", "a:b:c", 0, 9],
           "iterations x": [ok, "x", 1, 0], "iterations 0": [ok, 0, 1, 0],
           "iterations -1": [ok, -1, 1, 0], "iterations 2.5": [ok, 2.5, 1, 0],
           "param abc": [ok, 5, "abc", 0], "debug x": [ok, 5, 1, "x"],
           "pexec index x": [ok, 5, 1, 0, "/tmp", "a:b:c", "x"]}
    for name, args in sorted(bad.items()):
        expect_failure(s, "bad args (%s)" % name, vm, args)


def stats_keys(vm):
    code = ("local t = {} for k in pairs(mtvm.stats()) do t[#t+1] = k end "
            "table.sort(t) print(table.concat(t, ' '))")
    rc, out, err = run(vm + ["-e", code])
    return out.split() if rc == 0 else None


def t_instrument(s, vm):
    n = 6
    rc, out, err = runner(vm, fx("ok_bench.mt"), n, 2, 0, "/tmp", "b:v:x", 0)
    s.check("instr: rc 0 and stdout format", rc == 0 and
            STDOUT_RE.match(out) is not None, err[-500:])
    lines = [l for l in err.splitlines() if l.startswith(EXP.INSTR_PREFIX)]
    s.check("instr: one record per iteration", len(lines) == n, err[-500:])
    recs = [json.loads(l[len(EXP.INSTR_PREFIX):]) for l in lines]
    s.check("instr: iter numbered 0..n-1", [r["iter"] for r in recs] ==
            list(range(n)))
    keys = stats_keys(vm)
    s.check("instr: mtvm.stats() is readable", keys is not None)
    s.check("instr: every mtvm.stats() key passed through",
            keys is not None and all(sorted(set(r) - {"iter"}) == keys
                                     for r in recs), (keys, recs[:1]))
    s.check("instr: deltas are non-negative numbers", all(
        isinstance(v, (int, float)) and v >= 0
        for r in recs for v in r.values()), recs[:2])
    parsed = EXP.parse_instr_lines(err.splitlines())
    s.check("instr: parsed to one list per counter, n long (B.8)",
            sorted(parsed) == keys and
            all(len(v) == n for v in parsed.values()), parsed)


def t_needs_mtvm(s):
    """Under plain lua5.4 (no `mtvm` table) the runner must refuse."""
    lua = shutil.which("lua5.4")
    if not s.check("lua5.4 installed", lua is not None):
        return
    err = expect_failure(s, "no mtvm table", [lua], [fx("ok_bench.mt"), 2, 1, 0])
    s.check("no mtvm table: says so", "mtvm" in err, err)


def t_luajit(s):
    """The runner and the LuaJIT prelude of local runs work on luajit."""
    path = EXP.find_luajit()
    if path is None:
        print("note: luajit not installed; LuaJIT runner test skipped")
        return
    env = {"PATH": "/bin:/usr/bin", "LUA_INIT": "@" + os.path.join(
        os.path.dirname(RUNNER), "luajit_prelude.lua")}
    rc, out, err = run([path, RUNNER, fx("ok_bench.mt"), 4, 2, 0], env=env)
    s.check("luajit: valid output", rc == 0 and STDOUT_RE.match(out) is not None,
            err)


def run_all(s, vm):
    for fn in (t_ok_output, t_lengths, t_timing, t_debug, t_failures,
               t_instrument):
        s.run(fn.__name__, fn, vm)
    s.run("t_needs_mtvm", t_needs_mtvm)
    s.run("t_luajit", t_luajit)
