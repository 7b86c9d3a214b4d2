#!/usr/bin/env bash
# Advisory import benchmark: a synthetic npm OSV export of ~300 MB unzipped
# (200,000 records of ~1.5 KB, one per zip entry, as OSV's all.zip is).
#   bench/osv-import.sh [WARD] [RECORDS]   (default: target/release/ward, 200000)
# Times `ward db import all.zip` with /usr/bin/time -v (wall time, peak RSS),
# then a re-import over the existing database (copy + replace), then
# `ward db status`. KEEP=1 keeps the temporary directory.
set -euo pipefail
ward=${1:-$(pwd)/target/release/ward}
records=${2:-200000}
dir=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] || rm -rf "$dir"' EXIT
python3 - "$dir/all.zip" "$records" <<'PY'
import json, random, sys, zipfile
out, n = sys.argv[1], int(sys.argv[2])
rnd = random.Random(6)
words = "the a remote attacker may cause denial of service via crafted input in parser function leading to prototype pollution arbitrary code execution".split()
def text(k): return " ".join(rnd.choice(words) for _ in range(k))
total = 0
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as z:
    for i in range(n):
        name = f"pkg-{i % 60000}-{rnd.randrange(1000)}" if i % 3 else f"@scope{i % 500}/lib-{i}"
        rid = f"GHSA-{i:04x}-{rnd.randrange(16**4):04x}-{rnd.randrange(16**4):04x}" if i % 4 else f"MAL-2024-{i}"
        rec = {
            "schema_version": "1.6.0", "id": rid,
            "modified": f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}T{i % 24:02d}:00:00Z",
            "published": "2023-06-01T00:00:00Z",
            "aliases": [f"CVE-2024-{10000 + i}"],
            "summary": text(8), "details": text(90),
            "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}],
            "affected": [{
                "package": {"ecosystem": "npm", "name": name, "purl": f"pkg:npm/{name}"},
                "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}, {"fixed": f"{1 + i % 9}.{i % 13}.{i % 7}"}]}],
                "database_specific": {"source": f"https://github.com/github/advisory-database/blob/main/advisories/{rid}.json"},
            }],
            "references": [{"type": "ADVISORY", "url": f"https://nvd.nist.gov/vuln/detail/CVE-2024-{10000 + i}"},
                           {"type": "PACKAGE", "url": f"https://www.npmjs.com/package/{name}"}],
            "database_specific": {"cwe_ids": ["CWE-1321"], "severity": "HIGH", "github_reviewed": True},
        }
        data = json.dumps(rec, indent=2).encode()
        total += len(data)
        z.writestr(f"{rid}.json", data)
print(f"== {n} records, {total / 1e6:.0f} MB unzipped, zip {__import__('os').path.getsize(out) / 1e6:.0f} MB")
PY
db=$dir/db
echo "== ward db import (empty database)"
/usr/bin/time -v "$ward" db import "$dir/all.zip" --db "$db" 2> "$dir/time1" || { cat "$dir/time1"; exit 1; }
grep -E "ward:|Elapsed|Maximum resident" "$dir/time1"
echo "== ward db import again (copy of the database, npm replaced)"
/usr/bin/time -v "$ward" db import "$dir/all.zip" --db "$db" 2> "$dir/time2" || { cat "$dir/time2"; exit 1; }
grep -E "Elapsed|Maximum resident" "$dir/time2"
ls -l "$db"
"$ward" db status --db "$db"
