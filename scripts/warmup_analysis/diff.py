"""Diff of two analysed results sets, per key: the classification change
and the steady-state performance ratio after/before with a 99% interval.

Interpretation (research/krun-warmup.md §E.7 describes warmup_stats' diff,
which needs R's MultinomialCI): we report the classification of both sides
and whether it changed, and instead of testing the two intervals for overlap
we give the ratio of the steady-state medians with a bootstrap percentile
interval (the two sets of resample means paired at random).  The ratio is
"faster" when the whole interval is below 1, "slower" when above, else
"same"."""
import html
import json

import numpy as np

from . import bootstrap
from .tables import class_text, latex_escape

DIFF_SEED = 4242
COLUMNS = ("Key", "Before", "After", "Class. change",
           "Ratio (after/before)", "99% interval", "Verdict")


def compare_key(key, before, after, bmeans, ameans, rng):
    out = {"key": key,
           "before_classification": before["classification"] if before else None,
           "after_classification": after["classification"] if after else None,
           "before_detailed": before["detailed_classification"] if before else None,
           "after_detailed": after["detailed_classification"] if after else None,
           "before_steady_state_time": before["steady_state_time"] if before else None,
           "after_steady_state_time": after["steady_state_time"] if after else None,
           "ratio": None, "ratio_interval": None}
    if before is None or after is None:
        out["classification_change"] = "only after" if before is None else "only before"
        out["verdict"] = "not compared"
        return out
    out["classification_change"] = (
        "same" if before["classification"] == after["classification"] else "changed")
    if bmeans is None or ameans is None:
        out["verdict"] = "no steady state"
        return out
    out["ratio"] = after["steady_state_time"] / before["steady_state_time"]
    lo, hi = bootstrap.ratio_interval(ameans, bmeans, rng)
    out["ratio_interval"] = [lo, hi]
    out["verdict"] = "faster" if hi < 1.0 else "slower" if lo > 1.0 else "same"
    return out


def diff(before, after):
    """before, after: analysis.Analysis. Returns the list of per-key dicts."""
    rng = np.random.default_rng(DIFF_SEED)
    rows = []
    for key in sorted(set(before.summaries) | set(after.summaries)):
        rows.append(compare_key(key, before.summaries.get(key), after.summaries.get(key),
                                before.means.get(key), after.means.get(key), rng))
    return rows


def _row_cells(r, before, after):
    def cls(side, key):
        s = side.summaries.get(key)
        return class_text(s) if s else "-"
    ratio = "" if r["ratio"] is None else "%.4f" % r["ratio"]
    interval = "" if r["ratio_interval"] is None else "(%.4f, %.4f)" % tuple(r["ratio_interval"])
    return [r["key"], cls(before, r["key"]), cls(after, r["key"]),
            r["classification_change"], ratio, interval, r["verdict"]]


def render(rows, before, after, fmt="text"):
    table = [_row_cells(r, before, after) for r in rows]
    if fmt == "json":
        return json.dumps({"before": before.results.paths, "after": after.results.paths,
                           "quality": after.quality, "keys": rows},
                          indent=4, sort_keys=True) + "\n"
    if fmt == "html":
        e = html.escape
        body = ["<table class='warmup-diff'>",
                "<tr>%s</tr>" % "".join("<th>%s</th>" % e(c) for c in COLUMNS)]
        body += ["<tr class='%s'>%s</tr>" % (e(r[-1].replace(" ", "-")),
                                             "".join("<td>%s</td>" % e(c) for c in r))
                 for r in table]
        body.append("</table>")
        return ("<!DOCTYPE html>\n<html><head><meta charset='utf-8'><title>Warmup diff"
                "</title><style>tr.faster{background:#cfc}tr.slower{background:#fcc}"
                "td,th{border:1px solid #ccc;padding:2px 6px}table{border-collapse:"
                "collapse}</style></head><body>\n%s\n</body></html>\n" % "\n".join(body))
    if fmt == "latex":
        lines = [r"\begin{tabular}{lllllll}", r"\hline",
                 " & ".join(latex_escape(c) for c in COLUMNS) + r" \\", r"\hline"]
        lines += [" & ".join(latex_escape(c) for c in r) + r" \\" for r in table]
        lines += [r"\hline", r"\end{tabular}", ""]
        return "\n".join(lines)
    width = [max(len(c), *(len(r[j]) for r in table)) if table else len(c)
             for j, c in enumerate(COLUMNS)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(COLUMNS, width))]
    lines.append("-" * len(lines[0]))
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, width)).rstrip() for r in table]
    return "\n".join(lines) + "\n"
