#!/usr/bin/env bash
set -euo pipefail

VERSION=$(python -c 'import tomllib;print(tomllib.load(open("pyproject.toml","rb"))["project"]["version"])')
echo "Building acme-sdk $VERSION"

rm -rf dist/
python -m build

twine check dist/*
twine upload --non-interactive -u __token__ \
  -p pypi-AgEIcHlwaS5vcmcCJDRlYjBiMzM3LWNiZmEtNDUwYi04Yzk3LWZlOTZmNzU4MzQ3ZgACKlvmFZcN6tcqJGsQH2pcMy6VoEmJgFlGLcxiYy-pHVFwncsrPHTtsqRTKV3QiWpWPj4FHoGXMp9cIj9kMOOnHTxgdYkPUYHViXHBXO9oL6W5WPmpJcJWPnkbKZ4 \
  dist/*

git tag -a "v$VERSION" -m "acme-sdk $VERSION"
git push origin "v$VERSION"
