#!/usr/bin/env python3
"""Score ward against the detection-quality corpus.

    ward scan --tree tests/corpus --format json --show-secrets | python3 tests/corpus/score.py

Reads ward's JSON report (version 1) on stdin and expected.toml (next to this script unless
--expected is given), then prints:

  * recall: expected secret lines that a finding covers, overall, per label (provider / kind of
    secret) and per context (kind of file), with the rules that caught each label;
  * false alarms: every finding in a negative file, and every finding in a positive file that
    covers no expected line; as a count, per 100 corpus files and per 100 negative files;
  * the list of misses and of false alarms.

A finding covers an expected line L when line <= L <= end_line. For private keys the line of
-----BEGIN (L - 1) counts too, since expected.toml gives the first base64 line.

Exit status: 0, or 1 when --min-recall / --max-false-alarms is given and not met.
Python 3.11+ (tomllib), standard library only.
"""
import argparse
import json
import os
import sys
import tomllib
from collections import defaultdict

SEVERITIES = ["info", "low", "medium", "high", "critical"]
MARKER = "tests/corpus/"


def norm(path: str) -> str:
    """Path relative to the corpus root, whatever directory ward was pointed at."""
    path = path.replace("\\", "/")
    if MARKER in path:
        path = path.split(MARKER, 1)[1]
    for top in ("positive/", "negative/"):
        i = path.find("/" + top)
        if not path.startswith(top) and i >= 0:
            path = path[i + 1:]
    while path.startswith("./"):
        path = path[2:]
    return path


def count_files(root: str, sub: str) -> int:
    n = 0
    for _dir, _dirs, files in os.walk(os.path.join(root, sub)):
        n += len(files)
    return n


def pct(a: int, b: int) -> str:
    return f"{100.0 * a / b:5.1f}%" if b else "  n/a "


def main() -> int:
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--expected", default=os.path.join(here, "expected.toml"))
    ap.add_argument("--min-severity", choices=SEVERITIES, default="info",
                    help="ignore findings below this severity (default: count all)")
    ap.add_argument("--min-recall", type=float, help="exit 1 if overall recall (%%) is below this")
    ap.add_argument("--max-false-alarms", type=int, help="exit 1 if there are more false alarms")
    ap.add_argument("--json", action="store_true", help="print the summary as JSON instead")
    args = ap.parse_args()

    with open(args.expected, "rb") as f:
        expected = tomllib.load(f)["files"]
    report = json.load(sys.stdin)
    corpus_root = os.path.dirname(os.path.abspath(args.expected))
    n_pos = count_files(corpus_root, "positive")
    n_neg = count_files(corpus_root, "negative")

    floor = SEVERITIES.index(args.min_severity)
    findings = [f for f in report.get("findings", [])
                if f.get("kind", "secret") == "secret" and SEVERITIES.index(f["severity"]) >= floor]
    by_file = defaultdict(list)
    for f in findings:
        f["_path"] = norm(f["path"])
        by_file[f["_path"]].append(f)

    def covers(f, line, label):
        end = max(f.get("end_line") or f["line"], f["line"])
        if f["line"] <= line <= end:
            return True
        return "private-key" in label and f["line"] == line - 1

    used = set()            # ids of findings that matched an expected line
    hits, misses = [], []   # (file, context, line, label, [rules])
    for path, spec in expected.items():
        labels = spec.get("labels") or ["unlabelled"] * len(spec["lines"])
        for line, label in zip(spec["lines"], labels):
            rules = []
            for f in by_file.get(path, []):
                if covers(f, line, label):
                    used.add(id(f))
                    rules.append(f["rule"])
            rec = (path, spec.get("context", "?"), line, label, sorted(set(rules)))
            (hits if rules else misses).append(rec)

    false_alarms, unexpected, other = [], [], []
    for f in findings:
        if id(f) in used:
            continue
        if f["_path"].startswith("negative/"):
            false_alarms.append(f)
        elif f["_path"].startswith("positive/"):
            unexpected.append(f)
        else:
            other.append(f)

    total = len(hits) + len(misses)
    per_label = defaultdict(lambda: [0, 0, set()])
    per_ctx = defaultdict(lambda: [0, 0])
    for recs, ok in ((hits, 1), (misses, 0)):
        for path, ctx, line, label, rules in recs:
            for lab in label.split("+"):
                per_label[lab][0] += ok
                per_label[lab][1] += 1
                per_label[lab][2].update(rules)
            per_ctx[ctx][0] += ok
            per_ctx[ctx][1] += 1

    fa_total = len(false_alarms) + len(unexpected)
    neg_files_hit = len({f["_path"] for f in false_alarms})
    summary = {
        "expected": total, "found": len(hits), "recall_pct": round(100.0 * len(hits) / total, 1) if total else None,
        "positive_files": n_pos, "negative_files": n_neg,
        "false_alarms_negative": len(false_alarms), "false_alarms_positive_unexpected": len(unexpected),
        "false_alarms_per_100_files": round(100.0 * fa_total / (n_pos + n_neg), 1) if n_pos + n_neg else None,
        "false_alarms_per_100_negative_files": round(100.0 * len(false_alarms) / n_neg, 1) if n_neg else None,
        "negative_files_with_false_alarm": neg_files_hit,
        "per_label": {k: {"found": v[0], "expected": v[1], "rules": sorted(v[2])} for k, v in sorted(per_label.items())},
        "per_context": {k: {"found": v[0], "expected": v[1]} for k, v in sorted(per_ctx.items())},
        "misses": [{"file": p, "line": l, "label": lab, "context": c} for p, c, l, lab, _ in misses],
        "false_alarms": [{"file": f["_path"], "line": f["line"], "rule": f["rule"], "severity": f["severity"],
                          "snippet": f.get("snippet", "")} for f in false_alarms + unexpected + other],
    }
    if args.json:
        json.dump(summary, sys.stdout, indent=2)
        print()
    else:
        print(f"ward corpus score (findings at or above {args.min_severity})")
        print(f"  recall        {len(hits)}/{total} = {pct(len(hits), total)} of expected secret lines")
        print(f"  false alarms  {len(false_alarms)} in negative files ({neg_files_hit}/{n_neg} files), "
              f"{len(unexpected)} unexpected in positive files"
              + (f", {len(other)} elsewhere" if other else ""))
        print(f"                {summary['false_alarms_per_100_files']} per 100 corpus files, "
              f"{summary['false_alarms_per_100_negative_files']} per 100 negative files")
        print("\nrecall per label (provider / kind of secret):")
        for k, (ok, n, rules) in sorted(per_label.items(), key=lambda kv: (kv[1][0] / kv[1][1], kv[0])):
            print(f"  {k:26} {ok:3}/{n:<3} {pct(ok, n)}  {', '.join(sorted(rules))}")
        print("\nrecall per context (kind of file):")
        for k, (ok, n) in sorted(per_ctx.items(), key=lambda kv: (kv[1][0] / kv[1][1], kv[0])):
            print(f"  {k:26} {ok:3}/{n:<3} {pct(ok, n)}")
        print(f"\nmisses ({len(misses)}):")
        for path, ctx, line, label, _ in misses:
            print(f"  {path}:{line}  [{label}]")
        print(f"\nfalse alarms ({fa_total + len(other)}):")
        for f in false_alarms + unexpected + other:
            snip = f.get("snippet", "").strip()
            snip = snip if len(snip) <= 90 else snip[:87] + "..."
            print(f"  {f['_path']}:{f['line']}  {f['rule']} ({f['severity']})  {snip}")

    status = 0
    if args.min_recall is not None and total and 100.0 * len(hits) / total < args.min_recall:
        status = 1
    if args.max_false_alarms is not None and fa_total + len(other) > args.max_false_alarms:
        status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
