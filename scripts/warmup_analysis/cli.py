"""scripts/warmup: the command line.

  warmup report RESULTS... --out DIR [--quality low|high] [--no-plots]
  warmup table  RESULTS... [--format text|html|latex|json] [--quality ...]
  warmup diff   BEFORE AFTER [--format ...] [--quality ...]
  warmup plot   RESULTS... --out DIR [--key bench:vm:variant]
"""
import argparse
import os
import sys

from . import diff as diff_mod
from . import summary_json, tables
from .analysis import Analysis
from .classify import DEFAULT_DELTA
from .results import ResultsError, ResultsSet

FORMATS = ("text", "html", "latex", "json")


def render(analysis, fmt, plots=None):
    if fmt == "json":
        return summary_json.render_json(analysis)
    if fmt == "html":
        return tables.render_html(analysis, plots)
    if fmt == "latex":
        return tables.render_latex(analysis)
    return tables.render_text(analysis)


def analyse(paths, a):
    return Analysis(ResultsSet(paths), a.quality, a.delta, a.jobs)


def write(path, text):
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text)


def cmd_report(a):
    analysis = analyse(a.results, a)
    os.makedirs(a.out, exist_ok=True)
    text = render(analysis, "text")
    sys.stdout.write(text)
    write(os.path.join(a.out, "table.txt"), text)
    write(os.path.join(a.out, "table.tex"), render(analysis, "latex"))
    write(os.path.join(a.out, "summary.json"), render(analysis, "json"))
    plots = None
    if not a.no_plots:
        from . import plots as plots_mod   # matplotlib only when needed
        plots = plots_mod.write_plots(analysis, os.path.join(a.out, "plots"), jobs=a.jobs)
    write(os.path.join(a.out, "report.html"), render(analysis, "html", plots))
    return 0


def cmd_table(a):
    sys.stdout.write(render(analyse(a.results, a), a.format))
    return 0


def cmd_diff(a):
    before = analyse([a.before], a)
    after = analyse([a.after], a)
    sys.stdout.write(diff_mod.render(diff_mod.diff(before, after), before, after, a.format))
    return 0


def cmd_plot(a):
    from . import plots as plots_mod
    analysis = analyse(a.results, a)
    made = plots_mod.write_plots(analysis, a.out, key=a.key, jobs=a.jobs)
    base = os.path.dirname(os.path.abspath(a.out))   # paths come relative to it
    for files in made.values():
        for png, pdf in files:
            print(os.path.relpath(os.path.join(base, png)))
            print(os.path.relpath(os.path.join(base, pdf)))
    return 0


def delta_arg(text):
    """--delta: seconds, or a percentage kept as the string "X%"."""
    float(text[:-1] if text.endswith("%") else text)   # ValueError -> usage error
    return text if text.endswith("%") else float(text)


def parser():
    ap = argparse.ArgumentParser(prog="warmup", description=
                                 "warmup_stats' analysis of Krun results files")
    sub = ap.add_subparsers(dest="command", required=True)

    def common(p):
        p.add_argument("--quality", choices=("low", "high"), default="high",
                       help="bootstrap resamples: high 100000, low 10000")
        p.add_argument("--delta", type=delta_arg, default=DEFAULT_DELTA,
                       help="segment-equivalence delta: seconds (default 0.001) "
                            "or X%% of the fastest segment mean")
        p.add_argument("--jobs", type=int, default=None,
                       help="worker processes (default: all cores)")
    p = sub.add_parser("report", help="all tables, JSON and plots into --out")
    p.add_argument("results", nargs="+")
    p.add_argument("--out", required=True)
    p.add_argument("--no-plots", action="store_true")
    common(p)
    p.set_defaults(func=cmd_report)
    p = sub.add_parser("table", help="one table to stdout")
    p.add_argument("results", nargs="+")
    p.add_argument("--format", choices=FORMATS, default="text")
    common(p)
    p.set_defaults(func=cmd_table)
    p = sub.add_parser("diff", help="compare two results files")
    p.add_argument("before")
    p.add_argument("after")
    p.add_argument("--format", choices=FORMATS, default="text")
    common(p)
    p.set_defaults(func=cmd_diff)
    p = sub.add_parser("plot", help="plots only, into --out")
    p.add_argument("results", nargs="+")
    p.add_argument("--out", required=True)
    p.add_argument("--key", default=None, help="only this bench:vm:variant")
    common(p)
    p.set_defaults(func=cmd_plot)
    return ap


def main(argv=None):
    a = parser().parse_args(argv)
    try:
        return a.func(a)
    except (ResultsError, KeyError) as e:
        sys.stderr.write("warmup: %s\n" % (e.args[0] if e.args else e))
        return 2
