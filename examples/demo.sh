#!/usr/bin/env bash
# See ward block a commit: makes a throwaway repository, installs the hook,
# and tries to commit a (fake) AWS key. Run from anywhere: bash examples/demo.sh
set -euo pipefail
ward=${WARD:-ward}
command -v "$ward" >/dev/null || { echo "build ward first: cargo install --path ." >&2; exit 2; }
demo=$(mktemp -d)
trap 'rm -rf "$demo"' EXIT
cd "$demo"
git init -q -b main
git config user.email demo@example.com
git config user.name Demo
echo "# demo" > README.md
git add README.md
git commit -q -m init
"$ward" install

# A fake key of the real format, built here so no real-looking key is stored in this script.
rand() { LC_ALL=C tr -dc "$1" </dev/urandom | head -c "$2"; }
key_id="AKIA$(rand 'A-Z2-7' 16)"
secret="$(rand 'A-Za-z0-9/+' 40)"
cat > settings.py <<PY
AWS_ACCESS_KEY_ID = "$key_id"
AWS_SECRET_ACCESS_KEY = "$secret"
PY
git add settings.py
echo "\$ git commit -m 'add settings'"
if git commit -q -m "add settings"; then
  echo "demo: the commit went through (unexpected)" >&2
  exit 1
fi
echo
echo "demo: ward blocked the commit. Replace the literals with os.environ lookups and commit again."
