#!/usr/bin/env bash
# Copies the shared PyTorch/scikit-learn golden vectors (and their README) into golden/, keeping the project's own
# generated cases. Usage: tools/refresh-golden.sh SOURCE_DIR
set -euo pipefail
src="${1:?usage: tools/refresh-golden.sh SOURCE_DIR (the shared golden directory)}"
dst="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/golden"
[ -f "$src/index.json" ] || { echo "$src has no index.json: not a golden directory" >&2; exit 2; }
mkdir -p "$dst"
cp "$src"/*.json "$dst"/
chmod u+w "$dst"/*.json
echo "copied $(ls "$src"/*.json | wc -l) files into golden/ (the README is kept: it lists the project's own cases too)"
