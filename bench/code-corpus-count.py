#!/usr/bin/env python3
"""Count corpus snippets per family and language.

bad  = lines carrying a ward-expect / ward-expect-next marker (see README.md)
good = lines carrying the informational ward-good annotation
Usage: python3 bench/code-corpus-count.py [--markdown]
"""
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "tests" / "code-corpus"
FAMILIES = ["jwt", "tls", "crypto", "injection", "config", "credentials"]
LANG = {
    ".py": "Python", ".js": "JavaScript", ".ts": "TypeScript", ".go": "Go", ".java": "Java",
    ".kt": "Kotlin", ".rb": "Ruby", ".php": "PHP", ".rs": "Rust", ".sh": "Shell",
    ".dockerfile": "Dockerfile", ".yml": "YAML", ".yaml": "YAML",
}
# built from pieces so this file never contains a literal marker itself
BAD = re.compile("ward-" + r"expect(?:-next)?:\s*([a-z]+)")
GOOD = re.compile("ward-" + r"good:\s*([a-z]+)")


def lang_of(p: Path) -> str:
    if p.name == "Dockerfile":
        return "Dockerfile"
    return LANG.get(p.suffix, "?")


def main():
    counts = defaultdict(lambda: [0, 0])
    problems = []
    for p in sorted(ROOT.rglob("*")):
        if not p.is_file() or p.name in ("README.md", "count.py"):
            continue
        fam_dir = p.relative_to(ROOT).parts[0]
        lang = lang_of(p)
        for n, line in enumerate(p.read_text().splitlines(), 1):
            for m in BAD.finditer(line):
                counts[(m.group(1), lang)][0] += 1
                if m.group(1) != fam_dir:
                    problems.append(f"{p.relative_to(ROOT)}:{n}: family {m.group(1)} in {fam_dir}/")
            for m in GOOD.finditer(line):
                counts[(m.group(1), lang)][1] += 1
            if BAD.search(line) and GOOD.search(line):
                problems.append(f"{p.relative_to(ROOT)}:{n}: both markers")
    langs = sorted({l for _, l in counts})
    md = "--markdown" in sys.argv
    header = ["family"] + langs + ["total"]
    rows = []
    tb = tg = 0
    for fam in FAMILIES:
        cells = []
        fb = fg = 0
        for l in langs:
            b, g = counts.get((fam, l), (0, 0))
            fb += b
            fg += g
            cells.append(f"{b}/{g}" if b or g else "-")
        tb += fb
        tg += fg
        rows.append([fam] + cells + [f"{fb}/{fg}"])
    col_tot = []
    for l in langs:
        b = sum(counts.get((f, l), (0, 0))[0] for f in FAMILIES)
        g = sum(counts.get((f, l), (0, 0))[1] for f in FAMILIES)
        col_tot.append(f"{b}/{g}")
    rows.append(["total"] + col_tot + [f"{tb}/{tg}"])
    if md:
        print("| " + " | ".join(header) + " |")
        print("|" + "---|" * len(header))
        for r in rows:
            print("| " + " | ".join(r) + " |")
    else:
        w = [max(len(str(x)) for x in col) for col in zip(header, *rows)]
        for r in [header] + rows:
            print("  ".join(str(x).rjust(wi) for x, wi in zip(r, w)))
    print(f"\n{tb} bad + {tg} good = {tb + tg} snippets")
    for pr in problems:
        print("PROBLEM:", pr, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
