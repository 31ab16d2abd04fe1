"""The JSON summary, in warmup_stats' `--output-json` layout (§E.6):
{"warmup_format_version": "2", "machines": {host: {vm: {bench: {...}}}}}
with its field names (including the misspelt "process_executons"), plus our
own extra fields per key (key, variant, failed_pexecs, the interval) and a
top-level "analysis" object describing how it was produced."""
import json

from .tables import column_labels

FORMAT_VERSION = "2"


def summary(analysis):
    machine = {}
    for label, vm, var in column_labels(analysis):
        per_vm = machine.setdefault(label, {})
        for bench in analysis.results.benchmarks():
            s = analysis.get(bench, vm, var)
            if s is not None:
                per_vm[bench] = s
    return {"warmup_format_version": FORMAT_VERSION,
            "machines": {analysis.results.machine: machine},
            "analysis": {"files": analysis.results.paths,
                         "quality": analysis.quality,
                         "resamples": analysis.resamples,
                         "delta": analysis.delta,
                         "iterations": analysis.results.n_iterations,
                         "method": "warmup_stats (research/krun-warmup.md §E)"}}


def render_json(analysis):
    return json.dumps(summary(analysis), indent=4, sort_keys=True) + "\n"
