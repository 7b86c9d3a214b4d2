#!/usr/bin/env bash
# Does `ward audit` agree with cargo-audit? (issue 6)
#   bench/cargo-audit-agreement.sh [WARD] [CARGO_AUDIT] [WORKDIR]
# WARD defaults to target/release/ward, CARGO_AUDIT to `cargo-audit` on PATH
# (`cargo install cargo-audit --locked`), WORKDIR to a fresh temporary dir
# (kept when given, or with KEEP=1). FIXTURES defaults to ../shared/fixtures.
#
# 1. Builds an advisory-db in RustSec's own format (crates/<crate>/<ID>.md,
#    TOML front matter) from the OSV copies of RustSec records in
#    $FIXTURES/advisories/osv/crates.io; constructed records (MAL-*,
#    WARD-TEST-*) are left out: cargo-audit would not know them.
#    OSV ranges -> [versions]: introduced A1 fixed B1 ... An Bn becomes
#    patched = [">= B1, < A2", ..., ">= Bn"], unaffected = ["< A1"] (when
#    A1 is not 0), which rustsec turns back into exactly the same ranges.
# 2. Lockfiles: every $FIXTURES/lockfiles/crates.io/*/Cargo.lock (invalid/
#    left out), plus two constructed ones: `constructed-in-range` pins, for
#    30 advisories, a version inside an affected range; `constructed-
#    boundaries` pins every range bound of every record (introduced, fixed,
#    and the version just below fixed).
# 3. `ward db import` of the same OSV directory, `ward audit --format json`.
# 4. `cargo-audit audit --no-fetch --no-yanked --db DB --file LOCK --json`:
#    vulnerabilities.list plus the informational warnings (unmaintained,
#    unsound, notice); yanked needs the network and is off.
# 5. Per lockfile and (package, version): ward's ids (the shown id plus its
#    RUSTSEC- aliases) against cargo-audit's ids. Prints counts, every
#    disagreement, and the timing of both tools on the largest lockfile.
# Exit 0 when every pair agrees, 1 otherwise.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
ward=$(realpath "${1:-$root/target/release/ward}")
cargo_audit=$(realpath "${2:-$(command -v cargo-audit)}")
if [ -n "${3:-}" ]; then
    work=$3
    rm -rf "$work" && mkdir -p "$work"
else
    work=$(mktemp -d)
    trap '[ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT
fi
work=$(realpath "$work")
fixtures=$(realpath "${FIXTURES:-$root/../shared/fixtures}")
osv=$fixtures/advisories/osv/crates.io
locks=$fixtures/lockfiles/crates.io

# ---------------------------------------------------------------- 1 + 2
python3 - "$osv" "$locks" "$work" <<'PY'
import glob, json, os, re, shutil, sys

osv_dir, locks_dir, work = sys.argv[1:4]
db = os.path.join(work, "advisory-db")

def key(v):
    """SemVer precedence (build metadata ignored)."""
    v = v.split("+", 1)[0]
    core, _, pre = v.partition("-")
    nums = tuple(int(x) for x in core.split("."))
    if not pre:
        return (nums, 1, ())
    ids = tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in pre.split("."))
    return (nums, 0, ids)

def zero(v):
    return v in ("0", "0.0.0-0")

def pairs_of(events):
    """[(introduced, fixed or None)] from OSV events, in order."""
    out, cur = [], None
    for e in events:
        if "introduced" in e:
            cur = e["introduced"]
        elif "fixed" in e:
            out.append((cur or "0", e["fixed"]))
            cur = None
        else:
            raise SystemExit(f"unsupported event {e}")
    if cur is not None:
        out.append((cur, None))
    return out

def versions_block(pairs):
    patched, unaffected = [], []
    if pairs and not zero(pairs[0][0]):
        unaffected.append(f"< {pairs[0][0]}")
    for i, (a, b) in enumerate(pairs):
        if b is None:
            continue
        nxt = pairs[i + 1][0] if i + 1 < len(pairs) else None
        if nxt is None:
            patched.append(f">= {b}")
        elif key(nxt) > key(b):
            patched.append(f">= {b}, < {nxt}")
    return patched, unaffected

def s(x):
    return json.dumps(x, ensure_ascii=False)

def arr(xs):
    return "[" + ", ".join(s(x) for x in xs) + "]"

def day(ts):
    return ts[:10]

records = []
for path in sorted(glob.glob(os.path.join(osv_dir, "*.json"))):
    r = json.load(open(path))
    if not r["id"].startswith("RUSTSEC-"):
        continue
    records.append(r)

shutil.rmtree(db, ignore_errors=True)
for r in records:
    (aff,) = r["affected"]
    name = aff["package"]["name"]
    ranges = [g for g in aff.get("ranges", []) if g["type"] == "SEMVER"]
    if len(ranges) != 1 or aff.get("versions"):
        raise SystemExit(f"{r['id']}: expected one SEMVER range and no versions list")
    patched, unaffected = versions_block(pairs_of(ranges[0]["events"]))
    ds = aff.get("database_specific") or {}
    affects = (aff.get("ecosystem_specific") or {}).get("affects") or {}
    refs = [x["url"] for x in r.get("references", [])]
    # rustsec's OSV export writes: crates.io page, rustsec.org page, `url`, `references`
    rest = [u for u in refs if not u.startswith("https://crates.io/crates/")
            and not u.startswith("https://rustsec.org/advisories/")]
    lines = ["```toml", "[advisory]", f"id = {s(r['id'])}", f"package = {s(name)}",
             f"date = {s(day(r['published']))}"]
    if rest:
        lines.append(f"url = {s(rest[0])}")
    if rest[1:]:
        lines.append(f"references = {arr(rest[1:])}")
    if ds.get("categories"):
        lines.append(f"categories = {arr(ds['categories'])}")
    if r.get("aliases"):
        lines.append(f"aliases = {arr(r['aliases'])}")
    if r.get("related"):
        lines.append(f"related = {arr(r['related'])}")
    if ds.get("cvss"):
        lines.append(f"cvss = {s(ds['cvss'])}")
    if ds.get("informational"):
        lines.append(f"informational = {s(ds['informational'])}")
    if r.get("withdrawn"):
        lines.append(f"withdrawn = {s(day(r['withdrawn']))}")
    if affects.get("os") or affects.get("arch"):
        lines += ["", "[affected]"]
        if affects.get("arch"):
            lines.append(f"arch = {arr(affects['arch'])}")
        if affects.get("os"):
            lines.append(f"os = {arr(affects['os'])}")
    lines += ["", "[versions]", f"patched = {arr(patched)}"]
    if unaffected:
        lines.append(f"unaffected = {arr(unaffected)}")
    lines += ["```", "", f"# {(r.get('summary') or r['id']).strip()}", "",
              (r.get("details") or "(no description)").strip(), ""]
    d = os.path.join(db, "crates", name)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, r["id"] + ".md"), "w") as f:
        f.write("\n".join(lines))

# ---- lockfiles
ldir = os.path.join(work, "locks")
shutil.rmtree(ldir, ignore_errors=True)
for lock in sorted(glob.glob(os.path.join(locks_dir, "*", "Cargo.lock"))):
    fixture = os.path.basename(os.path.dirname(lock))
    if fixture == "invalid":
        continue
    os.makedirs(os.path.join(ldir, fixture))
    shutil.copy(lock, os.path.join(ldir, fixture, "Cargo.lock"))

def below(v, tight=True):
    """A version below `v`: the closest (x.y.99 style) when `tight`, else a
    likelier release (x.y-1.0)."""
    if "-" in v:
        return None
    ma, mi, pa = (int(x) for x in v.split("."))
    if pa:
        return f"{ma}.{mi}.{pa - 1}"
    if mi:
        return f"{ma}.{mi - 1}.{99 if tight else 0}"
    if ma:
        return f"{ma - 1}.{99 if tight else 0}.{99 if tight else 0}"
    return None

def inside(r):
    """A release version inside the first affected range of a record."""
    for a, b in pairs_of(r["affected"][0]["ranges"][0]["events"]):
        for cand in (a.split("-", 1)[0] if not zero(a) else None,
                     below(b, tight=False) if b else "0.1.0"):
            if cand and key(cand) >= key(a) and (b is None or key(cand) < key(b)):
                return cand
    return None

CRATES_IO = "registry+https://github.com/rust-lang/crates.io-index"

def write_lock(path, pkgs):
    """pkgs: (name, version) or (name, version, source or None)."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    out = ["# constructed by bench/cargo-audit-agreement.sh", "version = 3", "",
           "[[package]]", 'name = "agreement-root"', 'version = "0.1.0"', ""]
    pkgs = {(p + (CRATES_IO,))[:3] for p in pkgs}
    for n, v, src in sorted(pkgs, key=lambda p: (p[0], key(p[1]), p[2] or "")):
        out += ["[[package]]", f"name = {s(n)}", f"version = {s(v)}"]
        out += [f"source = {s(src)}"] if src else []
        out.append("")
    open(path, "w").write("\n".join(out))

live = [r for r in records if not r.get("withdrawn")]
step = max(1, len(live) // 30)
picked = []
for r in live[::step][:30]:
    v = inside(r)
    if v:
        picked.append((r["affected"][0]["package"]["name"], v))
write_lock(os.path.join(ldir, "constructed-in-range", "Cargo.lock"), picked)

bounds = []
for r in records:
    name = r["affected"][0]["package"]["name"]
    before = len(bounds)
    for a, b in pairs_of(r["affected"][0]["ranges"][0]["events"]):
        for v in (None if zero(a) else a, b, below(b) if b else None,
                  below(b, tight=False) if b else None):
            if v:
                bounds.append((name, v))
    if len(bounds) == before:
        bounds.append((name, "0.1.0"))  # every version affected: any will do
write_lock(os.path.join(ldir, "constructed-boundaries", "Cargo.lock"), bounds)

# The same kind of affected pin from each kind of source: cargo-audit checks
# crates.io packages only (registry or sparse index).
write_lock(os.path.join(ldir, "constructed-sources", "Cargo.lock"), [
    ("smallvec", "0.6.3", CRATES_IO),
    ("hyper", "0.9.3", "sparse+https://index.crates.io/"),
    ("tokio", "1.6.0", "registry+https://github.com/rustsec/rustsec"),
    ("arc-swap", "0.4.2", "sparse+https://registry.example.com/index/"),
    ("lru", "0.9.0", "git+https://github.com/jeromefroe/lru-rs?rev=v0.9.0#0123456789abcdef0123456789abcdef01234567"),
    ("nix", "0.16.0", None),
])
print(f"advisory-db: {len(records)} RustSec records ({sum(1 for r in records if r.get('withdrawn'))} withdrawn); "
      f"in-range lockfile: {len(set(picked))} packages; boundaries lockfile: {len(set(bounds))} packages",
      file=sys.stderr)
PY

# ---------------------------------------------------------------- 3 + 4
export WARD_DB_DIR=$work/warddb
"$ward" db import "$osv" >"$work/ward-import.log" 2>&1 || { cat "$work/ward-import.log"; exit 2; }
"$cargo_audit" --version >"$work/cargo-audit-version"
mkdir -p "$work/out"
for dir in "$work"/locks/*/; do
    name=$(basename "$dir")
    rc=0
    "$ward" audit --db "$WARD_DB_DIR" --format json "$dir/Cargo.lock" \
        >"$work/out/$name.ward.json" 2>"$work/out/$name.ward.err" || rc=$?
    echo "$rc" >"$work/out/$name.ward.rc"
    rc=0
    "$cargo_audit" audit --no-fetch --no-yanked --db "$work/advisory-db" \
        --file "$dir/Cargo.lock" --json \
        >"$work/out/$name.cargo-audit.json" 2>"$work/out/$name.cargo-audit.err" || rc=$?
    echo "$rc" >"$work/out/$name.cargo-audit.rc"
done

# ---------------------------------------------------------------- 5
python3 - "$work" "$ward" "$cargo_audit" <<'PY'
import glob, json, os, statistics, subprocess, sys, time, tomllib

work, ward, cargo_audit = sys.argv[1:4]
out = os.path.join(work, "out")
db = os.path.join(work, "advisory-db")

meta = {}
for p in glob.glob(os.path.join(db, "crates", "*", "*.md")):
    text = open(p).read()
    front = tomllib.loads(text[7:text.index("\n```")])
    meta[front["advisory"]["id"]] = front["advisory"]

def why(pkg, only_ward, only_ca, source_kinds):
    reasons = []
    for i in sorted(only_ward | only_ca):
        m = meta.get(i, {})
        side = "ward only" if i in only_ward else "cargo-audit only"
        tags = [t for t in (m.get("informational"), "withdrawn" if m.get("withdrawn") else None) if t]
        reasons.append(f"{i} {side}" + (f" [{', '.join(tags)}]" if tags else ""))
    if source_kinds - {CRATES_IO}:
        reasons.append("sources: " + ", ".join(sorted(k.split("#")[0] for k in source_kinds)))
    return "; ".join(reasons)

CRATES_IO = "registry+https://github.com/rust-lang/crates.io-index"

def lock_packages(path):
    lock = tomllib.load(open(path, "rb"))
    pkgs = {}
    for p in lock.get("package", []) + ([lock["root"]] if "root" in lock else []):
        src = p.get("source")
        pkgs.setdefault((p["name"], p["version"]), set()).add(src or "path")
    return pkgs

total = dict(locks=0, entries=0, pairs=0, ward=0, ca=0, both=0, agree=0)
problems, disagreements, per_lock = [], [], []
for lockdir in sorted(glob.glob(os.path.join(work, "locks", "*"))):
    name = os.path.basename(lockdir)
    pkgs = lock_packages(os.path.join(lockdir, "Cargo.lock"))
    total["locks"] += 1
    total["entries"] += sum(len(k) for k in pkgs.values())
    total["pairs"] += len(pkgs)
    w_rc = int(open(os.path.join(out, name + ".ward.rc")).read())
    c_rc = int(open(os.path.join(out, name + ".cargo-audit.rc")).read())
    ward_ids, ca_ids = {}, {}
    try:
        report = json.load(open(os.path.join(out, name + ".ward.json")))
        if w_rc not in (0, 1):
            raise ValueError(f"exit {w_rc}")
        for f in report.get("findings", []):
            pk = f.get("package") or {}
            ids = set()
            for a in pk.get("advisories") or f.get("advisories") or []:
                ids |= {i for i in [a["id"], *a.get("aliases", [])] if i.startswith("RUSTSEC-")}
            if ids:
                ward_ids.setdefault((pk["name"], pk["version"]), set()).update(ids)
    except (ValueError, KeyError) as e:
        problems.append(f"{name}: ward failed ({e}): {open(os.path.join(out, name + '.ward.err')).read().strip()[:300]}")
        continue
    try:
        report = json.load(open(os.path.join(out, name + ".cargo-audit.json")))
        found = list(report["vulnerabilities"]["list"])
        for kind, ws in (report.get("warnings") or {}).items():
            if kind != "yanked":
                found += [w for w in ws if w.get("advisory")]
        for v in found:
            ca_ids.setdefault((v["package"]["name"], v["package"]["version"]), set()).add(v["advisory"]["id"])
    except (ValueError, KeyError) as e:
        err = open(os.path.join(out, name + ".cargo-audit.err")).read().strip().splitlines()
        problems.append(f"{name}: cargo-audit gave no report (exit {c_rc}; ward: {len(ward_ids)} "
                        f"packages with hits): {' | '.join(e.strip() for e in err)[-160:]}")
        continue
    hits = set(ward_ids) | set(ca_ids)
    n_agree = 0
    for k in sorted(hits):
        w, c = ward_ids.get(k, set()), ca_ids.get(k, set())
        total["ward"] += bool(w)
        total["ca"] += bool(c)
        total["both"] += bool(w and c)
        if w == c:
            n_agree += 1
        else:
            disagreements.append(f"{name}: {k[0]} {k[1]}: " + why(k, w - c, c - w, pkgs.get(k, set())))
    total["agree"] += n_agree
    per_lock.append((name, len(pkgs), len(hits), n_agree))

version = open(os.path.join(work, "cargo-audit-version")).read().strip()
print(f"cargo-audit: {version}; advisories: {len(meta)} RustSec records "
      f"({sum(1 for m in meta.values() if m.get('withdrawn'))} withdrawn, "
      f"{sum(1 for m in meta.values() if m.get('informational'))} informational)")
print(f"{'lockfile':52} {'pairs':>6} {'hit':>5} {'agree':>5}")
for row in per_lock:
    print(f"{row[0]:52} {row[1]:>6} {row[2]:>5} {row[3]:>5}")
print(f"lockfiles {total['locks']}, package entries {total['entries']}, (package, version) pairs {total['pairs']}")
print(f"pairs with hits: ward {total['ward']}, cargo-audit {total['ca']}, both {total['both']}; "
      f"agreeing {total['agree']} of {total['ward'] + total['ca'] - total['both']}")
for p in problems:
    print("PROBLEM", p)
for d in disagreements:
    print("DISAGREE", d)

# timing on the largest real lockfile
real = [l for l in glob.glob(os.path.join(work, "locks", "*", "Cargo.lock")) if "/constructed-" not in l]
largest = max(real, key=lambda l: sum(len(k) for k in lock_packages(l).values()))
runs = int(os.environ.get("RUNS", "5"))
def timed(cmd):
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - t)
    return statistics.median(times), min(times)
tw = timed([ward, "audit", "--db", os.path.join(work, "warddb"), "--format", "json", largest])
tc = timed([cargo_audit, "audit", "--no-fetch", "--no-yanked", "--db", db, "--file", largest, "--json"])
print(f"timing on {os.path.basename(os.path.dirname(largest))} ({sum(len(k) for k in lock_packages(largest).values())} packages), "
      f"median/min of {runs}: ward {tw[0]*1000:.0f}/{tw[1]*1000:.0f} ms, cargo-audit {tc[0]*1000:.0f}/{tc[1]*1000:.0f} ms")
sys.exit(1 if disagreements or problems else 0)
PY
