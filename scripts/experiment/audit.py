"""The results file's `audit` (research/krun-warmup.md D.3), marked as not
produced by Krun."""
import os
import subprocess

PRODUCER = ("scripts/run-experiment (local runner): NOT produced by Krun; "
            "no reboots, no temperature or dmesg checks, no nice/user change")


def _cmd(argv):
    try:
        return subprocess.run(argv, stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, timeout=30,
                              check=False).stdout.decode("utf-8", "replace")
    except (OSError, subprocess.TimeoutExpired) as e:
        return "unavailable: %s" % e


def _file(path):
    try:
        with open(path) as fh:
            return fh.read()
    except OSError as e:
        return "unavailable: %s" % e


def collect(root, argv, settings_json):
    """Krun's audit keys (strings, cli_args a list), plus the local runner's
    own: producer, settings (for --resume) and the mtvm source revision."""
    return {
        "uname": _cmd(["uname", "-a"]).strip(),
        "cpuinfo": _file("/proc/cpuinfo"),
        "debian_version": _file("/etc/debian_version").strip(),
        "packages": _cmd(["dpkg-query", "-l"]),
        "dmesg": "not collected by the local runner",
        "krun_version": "none: " + PRODUCER,
        "cli_args": list(argv),
        "produced_by": PRODUCER,
        "local_runner_settings": settings_json,
        "mtvm_revision": _cmd(["git", "-C", root, "rev-parse", "HEAD"]).strip(),
        "nproc": str(os.cpu_count()),
    }
