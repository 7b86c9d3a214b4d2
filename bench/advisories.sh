#!/usr/bin/env bash
# Advisory-check benchmark. A synthetic npm OSV export puts ~5 advisories on
# each of the 20,000 most popular npm names (100,000 records, so every lookup
# below finds and matches records: the worst case), imported once. Then:
#   1. `ward audit` of a 5,000-package package-lock.json (bar: < 1 s);
#   2. the hook on a commit adding 50 new packages to it, with the database
#      and without one (the difference is what the advisory check costs;
#      bar: < 20 ms).
#   bench/advisories.sh [WARD]     (default: target/release/ward; needs hyperfine)
set -euo pipefail
ward=${1:-$(pwd)/target/release/ward}
dir=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] || rm -rf "$dir"' EXIT
python3 - "$dir" "$(pwd)/data/popular/npm.txt" <<'PY'
import base64, hashlib, json, random, sys, zipfile
out, names_file = sys.argv[1], sys.argv[2]
names = [n.strip() for n in open(names_file) if n.strip()]
rnd = random.Random(7)
with zipfile.ZipFile(f"{out}/all.zip", "w", zipfile.ZIP_DEFLATED) as z:
    for i in range(100_000):
        name = names[i % 20_000]
        rid = f"GHSA-{i:04x}-{rnd.randrange(16**4):04x}-bench"
        rec = {"id": rid, "modified": "2026-01-01T00:00:00Z", "aliases": [f"CVE-2026-{10000 + i}"],
               "summary": "synthetic advisory", "details": "x " * 400,
               "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}],
               "affected": [{"package": {"ecosystem": "npm", "name": name},
                             "ranges": [{"type": "SEMVER", "events": [{"introduced": f"{i % 3}.0.0"}, {"fixed": f"{i % 3}.{1 + i % 5}.0"}]}]}]}
        z.writestr(f"{rid}.json", json.dumps(rec))
def lock(n):
    pkgs = {"": {"name": "app", "version": "1.0.0"}}
    for i, name in enumerate(names[:n]):
        v = f"{i % 3}.{i % 7}.{i % 5}"
        pkgs[f"node_modules/{name}"] = {"version": v,
            "resolved": f"https://registry.npmjs.org/{name}/-/{name.split('/')[-1]}-{v}.tgz",
            "integrity": "sha512-" + base64.b64encode(hashlib.sha512(f"{name}{v}".encode()).digest()).decode()}
    return json.dumps({"name": "app", "lockfileVersion": 3, "requires": True, "packages": pkgs}, indent=2) + "\n"
open(f"{out}/old.json", "w").write(lock(5000))
open(f"{out}/new.json", "w").write(lock(5050))
PY
export WARD_DB_DIR=$dir/db
"$ward" db import "$dir/all.zip" >/dev/null 2>&1
ls -l "$dir/db"
mkdir -p "$dir/audit"; cp "$dir/old.json" "$dir/audit/package-lock.json"
echo "== ward audit: 5,000-package package-lock.json, every package with records"
hyperfine -N -w 2 -r 10 -i "$ward audit --format json $dir/audit"
"$ward" audit --format json "$dir/audit" | python3 -c "import json,sys; r=json.load(sys.stdin); print(len(r['findings']), 'packages with advisories')" || true
repo=$dir/repo
git init -q -b main "$repo"
git -C "$repo" config user.email b@b; git -C "$repo" config user.name b
cp "$dir/old.json" "$repo/package-lock.json"
git -C "$repo" add -A; git -C "$repo" commit -qm init
cp "$dir/new.json" "$repo/package-lock.json"; git -C "$repo" add package-lock.json
mkdir -p "$dir/empty"
cd "$repo"
echo "== hook: a commit adding 50 packages, with and without the advisory database"
hyperfine -N -w 3 -r 30 -i \
  -n without-db "env WARD_DB_DIR=$dir/empty $ward scan --format json" \
  -n with-db "$ward scan --format json"
"$ward" scan --format json | python3 -c "import json,sys; r=json.load(sys.stdin); print(sum(f['rule']=='vulnerable-version' for f in r['findings']), 'vulnerable-version findings of 50 new packages')"  || true
