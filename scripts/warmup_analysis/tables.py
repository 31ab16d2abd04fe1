"""Comparison tables: one row per benchmark, one column group per VM /
strategy, four columns per group (the columns of warmup_stats' tables,
§E.7): classification, steady iteration (#), steady iteration (s) and
steady-state performance (s)."""
import html

from . import classify
from .analysis import CRASHED, SKIPPED

SUBCOLUMNS = ("Class.", "Steady iter (#)", "Steady iter (s)", "Steady perf (s)")
SHORT = {classify.FLAT: "F", classify.WARMUP: "W", classify.SLOWDOWN: "S",
         classify.NSS: "N"}
LEGEND = ("F flat, W warmup, S slowdown, N no steady state; "
          "steady iteration: median (5%, 95%); steady perf: median ± 99% CI "
          "half-width; [k failed]: process executions that crashed or timed out")


def _skipped_everywhere(analysis, vm, var):
    for bench in analysis.results.benchmarks():
        s = analysis.get(bench, vm, var)
        if s is not None and s["classification"] != SKIPPED:
            return False
    return True


def skipped_columns(analysis):
    """(vm, variant) pairs that no benchmark ran on (strategies not built
    yet, PT rows on a machine without PT)."""
    return [(vm, var) for vm, var in analysis.results.columns()
            if _skipped_everywhere(analysis, vm, var)]


def column_labels(analysis, omit=()):
    """(label, vm, variant) per column group: the VM name, or vm:variant
    when one VM has several variants; groups in `omit` are left out."""
    pairs = [p for p in analysis.results.columns() if p not in omit]
    vms = [vm for vm, _ in pairs]
    return [(vm if vms.count(vm) == 1 else "%s:%s" % (vm, var), vm, var)
            for vm, var in pairs]


def class_text(s):
    cls = s["classification"]
    if cls in (classify.GOOD_INCONSISTENT, classify.BAD_INCONSISTENT):
        counts = sorted(((n, c) for c, n in s["detailed_classification"].items() if n),
                        key=lambda t: (-t[0], t[1]))
        cls = "%s (%s)" % ("good inc." if cls == classify.GOOD_INCONSISTENT
                           else "bad inc.", " ".join("%d%s" % (n, SHORT[c])
                                                     for n, c in counts))
    failed = len(s["failed_pexecs"])
    if failed and cls not in (CRASHED, SKIPPED):
        cls += " [%d failed]" % failed
    return cls


def cells(s, pm="±"):
    """The four cell strings of one key's summary (empty where null)."""
    if s is None:
        return ("", "", "", "")
    it = s["steady_state_iteration"]
    iq = s["steady_state_iteration_iqr"]
    tt = s["steady_state_time_to_reach_secs"]
    tq = s["steady_state_time_to_reach_secs_iqr"]
    perf = s["steady_state_time"]
    return (class_text(s),
            "" if it is None else "%.1f (%.1f, %.1f)" % (it, iq[0], iq[1]),
            "" if tt is None else "%.3f (%.3f, %.3f)" % (tt, tq[0], tq[1]),
            "" if perf is None else "%.5f %s %.6f" % (perf, pm, s["steady_state_time_ci"]))


def matrix(analysis, pm="±", omit=()):
    """(column labels, rows): rows are (benchmark, [4 cells per group])."""
    cols = column_labels(analysis, omit)
    rows = []
    for bench in analysis.results.benchmarks():
        row = []
        for _, vm, var in cols:
            row.extend(cells(analysis.get(bench, vm, var), pm))
        rows.append((bench, row))
    return cols, rows


FLAG_WORDS = {"E": "error", "T": "timed out", "C": "too few iterations",
              "?": "no data"}


def failure_lines(analysis):
    """One line per key with failed process executions (1-based numbers)."""
    lines = []
    for key in sorted(analysis.summaries):
        failed = analysis.summaries[key]["failed_pexecs"]
        if failed:
            lines.append("%s: %s" % (key, ", ".join(
                "#%d %s (%s)" % (f["index"] + 1, f["flag"],
                                 FLAG_WORDS.get(f["flag"], "failed")) for f in failed)))
    return lines


def render_text(analysis):
    # The terminal is narrow: strategies that ran nowhere get a line, not a
    # column group (HTML, LaTeX and JSON keep every group).
    skipped = skipped_columns(analysis)
    cols, rows = matrix(analysis, omit=skipped)
    sub = list(SUBCOLUMNS) * len(cols)
    width = [max([len(sub[j])] + [len(r[1][j]) for r in rows]) for j in range(len(sub))]
    for g in range(len(cols)):     # a group must fit its label
        span = sum(width[4 * g:4 * g + 4]) + 3 * 2
        if len(cols[g][0]) > span:
            width[4 * g + 3] += len(cols[g][0]) - span
    bw = max([len("Benchmark")] + [len(r[0]) for r in rows])
    groups = ["{:^{w}}".format(cols[g][0], w=sum(width[4 * g:4 * g + 4]) + 6)
              for g in range(len(cols))]
    lines = [" | ".join([" " * bw] + groups),
             " | ".join(["Benchmark".ljust(bw)] + ["  ".join(sub[j].ljust(width[j])
                                                            for j in range(4 * g, 4 * g + 4))
                                                  for g in range(len(cols))])]
    lines.append("-" * len(lines[1]))
    for bench, row in rows:
        lines.append(" | ".join([bench.ljust(bw)] + ["  ".join(row[j].ljust(width[j])
                                                              for j in range(4 * g, 4 * g + 4))
                                                    for g in range(len(cols))]).rstrip())
    lines.append("")
    if skipped:
        lines.append("Not run on any benchmark (skipped): " +
                     ", ".join(vm for vm, _ in skipped))
    lines.append(LEGEND)
    lines.append("machine %s, %s quality (%d resamples)" % (
        analysis.results.machine, analysis.quality, analysis.resamples))
    failures = failure_lines(analysis)
    if failures:
        lines += ["", "Failed process executions (not used in the statistics):"]
        lines += ["  " + f for f in failures]
    return "\n".join(lines) + "\n"


def latex_escape(text):
    out = text.replace("\\", r"\textbackslash{}")
    for ch in "_%&#$":
        out = out.replace(ch, "\\" + ch)
    return out


def render_latex(analysis):
    cols, rows = matrix(analysis)
    spec = "l" + "|llll" * len(cols)
    out = ["% generated by scripts/warmup; needs no extra packages",
           r"\begin{tabular}{%s}" % spec, r"\hline",
           " & ".join([""] + [r"\multicolumn{4}{c}{%s}" % latex_escape(c[0]) for c in cols])
           + r" \\",
           " & ".join(["Benchmark"] + [latex_escape(s) for s in SUBCOLUMNS] * len(cols))
           + r" \\", r"\hline"]
    for bench, row in rows:
        cells_tex = [latex_escape(c).replace("±", r"$\pm$") for c in row]
        out.append(" & ".join([latex_escape(bench)] + cells_tex) + r" \\")
    out += [r"\hline", r"\end{tabular}", "% " + latex_escape(LEGEND), ""]
    return "\n".join(out)


def html_table(analysis):
    cols, rows = matrix(analysis)
    e = html.escape
    out = ["<table class='warmup'>",
           "<tr><th></th>" + "".join("<th colspan='4' class='group'>%s</th>" % e(c[0])
                                     for c in cols) + "</tr>",
           "<tr><th>Benchmark</th>" + "".join("<th>%s</th>" % e(s)
                                              for s in SUBCOLUMNS * len(cols)) + "</tr>"]
    for bench, row in rows:
        out.append("<tr><td>%s</td>%s</tr>" % (e(bench), "".join(
            "<td%s>%s</td>" % (" class='first'" if j % 4 == 0 else "", e(c))
            for j, c in enumerate(row))))
    out.append("</table>")
    out.append("<p class='legend'>%s</p>" % e(LEGEND))
    failures = failure_lines(analysis)
    if failures:
        out.append("<h2>Failed process executions</h2><ul>%s</ul>"
                   % "".join("<li>%s</li>" % e(f) for f in failures))
    return "\n".join(out)


STYLE = """<style>
body { font-family: sans-serif; }
table.warmup { border-collapse: collapse; font-size: 0.85em; }
table.warmup td, table.warmup th { border: 1px solid #ccc; padding: 2px 6px; }
th.group, td.first { border-left: 2px solid #333 !important; }
p.legend { font-size: 0.8em; color: #444; }
img.plot { max-width: 100%; }
</style>"""


def render_html(analysis, plots=None, title="Warmup analysis"):
    """A whole page; `plots` maps section titles to lists of (png, pdf)
    paths relative to the page."""
    e = html.escape
    out = ["<!DOCTYPE html>", "<html><head><meta charset='utf-8'>",
           "<title>%s</title>" % e(title), STYLE, "</head><body>",
           "<h1>%s</h1>" % e(title),
           "<p>Machine %s; files: %s; %s quality (%d resamples).</p>" % (
               e(str(analysis.results.machine)), e(", ".join(analysis.results.paths)),
               e(analysis.quality), analysis.resamples),
           html_table(analysis)]
    for section, files in (plots or {}).items():
        out.append("<h2>%s</h2>" % e(section))
        for png, pdf in files:
            out.append("<p><a href='%s'><img class='plot' src='%s' alt='%s'></a><br>"
                       "<a href='%s'>PDF</a></p>" % (e(png), e(png), e(png), e(pdf)))
    out.append("</body></html>")
    return "\n".join(out) + "\n"
