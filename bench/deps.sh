#!/usr/bin/env bash
# Dependency-gate benchmark: a 5,000-package package-lock.json (v3).
#   bench/deps.sh [WARD]     (default: target/release/ward; needs hyperfine)
# Times `ward deps list` on it, and the hook on a commit that changes it
# (20 bumps, 3 additions) against the same commit without the lockfile change
# (bar: within 2x), and against git's own diff of that commit.
set -euo pipefail
ward=${1:-$(pwd)/target/release/ward}
abtime=$(cd "$(dirname "$0")/../../shared/bench" && pwd)/abtime.py
dir=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] || rm -rf "$dir"' EXIT
python3 - "$dir" "$(pwd)/data/popular/npm.txt" <<'PY'
import base64, hashlib, json, sys
out, names_file = sys.argv[1], sys.argv[2]
names = [n.strip() for n in open(names_file) if n.strip()][:5000]
def lock(bump=(), add=()):
    pkgs = {"": {"name": "app", "version": "1.0.0", "dependencies": {n: "^1.0.0" for n in names[:50]}}}
    for i, n in enumerate(names + list(add)):
        v = f"1.{i % 17}.{i % 5}" if n not in bump else f"1.{i % 17}.{i % 5 + 1}"
        pkgs[f"node_modules/{n}"] = {
            "version": v,
            "resolved": f"https://registry.npmjs.org/{n}/-/{n.split('/')[-1]}-{v}.tgz",
            "integrity": "sha512-" + base64.b64encode(hashlib.sha512(f"{n}{v}".encode()).digest()).decode(),
        }
    return json.dumps({"name": "app", "version": "1.0.0", "lockfileVersion": 3, "requires": True, "packages": pkgs}, indent=2) + "\n"
open(f"{out}/old.json", "w").write(lock())
open(f"{out}/new.json", "w").write(lock(bump=set(names[100:120]), add=["left-pad-ng", "expres", "tiny-util-x"]))
PY
repo=$dir/repo
git init -q -b main "$repo"
git -C "$repo" config user.email b@b; git -C "$repo" config user.name b
for i in $(seq 1 200); do printf 'def f%d():\n    return %d\n' "$i" "$i" > "$repo/m$i.py"; done
cp "$dir/old.json" "$repo/package-lock.json"
git -C "$repo" add -A; git -C "$repo" commit -qm init
echo "# edit" >> "$repo/m1.py"
git -C "$repo" add m1.py
git -C "$repo" stash -q --keep-index 2>/dev/null || true
echo "== ward deps list on $(python3 -c "import json;print(len(json.load(open('$dir/new.json'))['packages'])-1)")-package package-lock.json ($(wc -c < "$dir/new.json") bytes)"
mkdir -p "$dir/list"; cp "$dir/new.json" "$dir/list/package-lock.json"
hyperfine -N -w 3 -r 20 "$ward deps list --format json $dir/list/package-lock.json"
echo "== hook: the same staged edit, without and with the lockfile change"
cp "$repo/.git/index" "$dir/index-without"
cp "$dir/new.json" "$repo/package-lock.json"; git -C "$repo" add package-lock.json
cp "$repo/.git/index" "$dir/index-with"
cd "$repo"
# Interleaved rounds (../shared/bench/abtime.py): the machine drifts, ratios hold.
python3 "$abtime" -r 12 -n 10 -w 3 \
  "with=env GIT_INDEX_FILE=$dir/index-with $ward scan" \
  "without=env GIT_INDEX_FILE=$dir/index-without $ward scan" \
  "git-diff-with=env GIT_INDEX_FILE=$dir/index-with git diff --cached --stat"
