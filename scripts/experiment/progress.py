"""Progress bar with an ETA on stderr: one line redrawn on a terminal, one
line per process execution otherwise (logs, tests)."""
import sys
import time


def _hms(secs):
    secs = int(round(secs))
    return "%d:%02d:%02d" % (secs // 3600, secs % 3600 // 60, secs % 60)


class Progress:
    WIDTH = 30

    def __init__(self, total, stream=None):
        self.total, self.done = total, 0
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self.by_key = {}          # key -> [seconds of each finished pexec]
        self.start = time.monotonic()

    def eta(self, remaining_keys):
        """Sum over the remaining pexecs of their key's mean duration so far
        (the overall mean where a key has none yet), as Krun estimates."""
        all_secs = [s for v in self.by_key.values() for s in v]
        if not all_secs:
            return None
        overall = sum(all_secs) / len(all_secs)
        total = 0.0
        for key in remaining_keys:
            secs = self.by_key.get(key)
            total += sum(secs) / len(secs) if secs else overall
        return total

    def update(self, key, idx, flag, seconds, remaining_keys):
        self.done += 1
        self.by_key.setdefault(key, []).append(seconds)
        frac = self.done / self.total if self.total else 1.0
        fill = int(frac * self.WIDTH)
        eta = self.eta(remaining_keys)
        line = "[%s%s] %d/%d %3d%% ETA %s | %s #%d %s %.1fs" % (
            "#" * fill, "." * (self.WIDTH - fill), self.done, self.total,
            int(frac * 100), _hms(eta) if eta is not None else "?:??:??",
            key, idx, flag, seconds)
        if self.tty:
            self.stream.write("\r\033[K" + line)
            if self.done == self.total:
                self.stream.write("\n")
        else:
            self.stream.write(line + "\n")
        self.stream.flush()
