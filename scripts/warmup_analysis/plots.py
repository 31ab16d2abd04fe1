"""Plots (§E.7), PNG and PDF through matplotlib's Agg backend:
  * run-sequence plots, one figure per key with one panel per process
    execution: raw times in grey, the steady segments in black (all black
    when flat, all grey when no steady state), changepoints as red dashed
    vertical lines, segment means as red dashed horizontal lines, outliers as
    red circles; failed pexecs get an empty panel saying so;
  * one comparison figure per benchmark: steady-state performance with its
    99% interval, and the steady iteration with its 5-95% range, per VM.
"""
import math
import multiprocessing
import os

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (after choosing the backend)
import numpy as np  # noqa: E402

from . import classify  # noqa: E402
from .tables import column_labels  # noqa: E402

COLS = 2    # panels per row, as warmup_stats' plotter


def key_file(key):
    return key.replace(":", "__")


def _steady_range(p):
    """Iteration range drawn in black: everything when flat, nothing when
    no steady state, else from the steady iteration to the end."""
    if p["classification"] == classify.FLAT:
        return 0
    if p["classification"] in (None, classify.NSS):
        return None
    return p["steady_state_iteration"]


def _pexec_panel(ax, title, times, p):
    ax.set_title(title, fontsize=8)
    if p["classification"] is None:
        ax.set_xticks([])
        ax.set_yticks([])
        ax.text(0.5, 0.5, "failed (flag %s, %d iterations)" % (p["flag"], len(times)),
                ha="center", va="center", transform=ax.transAxes)
        return
    x = np.arange(1, len(times) + 1)
    y = np.asarray(times)
    ax.plot(x, y, color="0.6", linewidth=0.5)
    start = _steady_range(p)
    if start is not None:
        ax.plot(x[start:], y[start:], color="black", linewidth=0.5)
    ends = p["changepoints"] + [len(y) - 1]
    starts = [0] + [c + 1 for c in p["changepoints"]]
    ax.hlines(p["segment_means"], np.array(starts) + 1, np.array(ends) + 1,
              colors="red", linestyles="dashed", linewidth=1)
    for c in p["changepoints"]:
        ax.axvline(c + 1, color="red", linestyle="dashed", linewidth=1)
    if p["outliers"]:
        o = np.asarray(p["outliers"])
        ax.scatter(o + 1, y[o], s=12, facecolors="none", edgecolors="red", linewidths=0.7)
    ax.set_xlabel("In-process iteration", fontsize=7)
    ax.set_ylabel("Time (secs)", fontsize=7)
    ax.tick_params(labelsize=6)


def _save(fig, out_dir, name):
    png = os.path.join(out_dir, name + ".png")
    pdf = os.path.join(out_dir, name + ".pdf")
    fig.savefig(png, dpi=80)
    fig.savefig(pdf)
    plt.close(fig)
    return png, pdf


def run_sequence(args):
    """Worker: (summary, pexec time lists, machine, out_dir) -> (png, pdf)."""
    s, pexecs, machine, out_dir = args
    n = max(1, len(pexecs))
    rows = math.ceil(n / COLS)
    fig, axes = plt.subplots(rows, COLS, figsize=(11, 2.4 * rows), squeeze=False)
    for i, ax in enumerate(axes.flat):
        if i >= len(pexecs):
            ax.axis("off")
            continue
        p = s["process_executons"][i]
        title = "%s, %s, %s, Proc. exec. #%d (%s)" % (
            s["bench"], s["vm"], machine, i + 1, p["classification"] or "failed")
        _pexec_panel(ax, title, pexecs[i], p)
    # Fixed margins in inches: tight_layout() costs more than drawing here.
    height = 2.4 * rows
    fig.suptitle("%s: %s" % (s["key"], s["classification"]), fontsize=10,
                 y=1 - 0.1 / height, va="top")
    fig.subplots_adjust(left=0.08, right=0.98, top=1 - 0.55 / height,
                        bottom=0.45 / height, hspace=0.75, wspace=0.22)
    return _save(fig, out_dir, key_file(s["key"]))


def comparison(analysis, bench, out_dir):
    """Strategies side by side for one benchmark."""
    cols = column_labels(analysis)
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 3.6))
    for i, (label, vm, var) in enumerate(cols):
        s = analysis.get(bench, vm, var)
        if s is None:
            continue
        if s["steady_state_time"] is not None:
            lo, hi = s["steady_state_time_interval"]
            med = s["steady_state_time"]
            left.errorbar([i], [med], yerr=[[med - lo], [hi - med]], fmt="o",
                          color="black", capsize=4)
        else:
            left.text(i, 0.05, s["classification"], rotation=90, ha="center",
                      va="bottom", fontsize=7, transform=left.get_xaxis_transform())
        it = s["steady_state_iteration"]
        if it is not None:
            lo, hi = s["steady_state_iteration_iqr"]
            right.errorbar([i], [it], yerr=[[it - lo], [hi - it]], fmt="s",
                           color="tab:blue", capsize=4)
        elif s["classification"] == classify.FLAT:
            right.plot([i], [1], "s", color="tab:green")
    for ax, title, ylabel in ((left, "Steady-state performance (99% CI)", "Time (secs)"),
                              (right, "Steady iteration (median, 5-95%)", "Iteration")):
        ax.set_xticks(range(len(cols)))
        ax.set_xticklabels([c[0] for c in cols], rotation=30, ha="right", fontsize=8)
        ax.set_xlim(-0.5, len(cols) - 0.5)
        ax.set_title("%s: %s" % (bench, title), fontsize=9)
        ax.set_ylabel(ylabel, fontsize=8)
    fig.tight_layout()
    return _save(fig, out_dir, "compare__" + bench)


def write_plots(analysis, out_dir, key=None, jobs=None):
    """Writes the plots; returns {section title: [(png, pdf), ...]} with
    paths relative to the parent of out_dir (where report.html lives)."""
    os.makedirs(out_dir, exist_ok=True)
    keys = [key] if key else sorted(analysis.summaries)
    missing = [k for k in keys if k not in analysis.summaries]
    if missing:
        raise KeyError("no such key: %s" % ", ".join(missing))
    work = [(analysis.summaries[k], analysis.results.keys[k].pexecs,
             analysis.results.machine, out_dir) for k in keys
            if analysis.results.keys[k].pexecs]
    jobs = min(jobs or os.cpu_count() or 1, max(1, len(work)))
    if jobs > 1:
        with multiprocessing.Pool(jobs) as pool:
            seqs = pool.map(run_sequence, work, chunksize=1)
    else:
        seqs = [run_sequence(w) for w in work]
    benches = sorted({analysis.summaries[k]["bench"] for k in keys})
    comps = [comparison(analysis, b, out_dir) for b in benches]
    base = os.path.dirname(os.path.abspath(out_dir))

    def rel(pairs):
        return [tuple(os.path.relpath(os.path.abspath(p), base) for p in pair)
                for pair in pairs]
    return {"Strategy comparison per benchmark": rel(comps),
            "Run-sequence plots per key": rel(seqs)}
