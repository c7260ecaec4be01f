#!/usr/bin/env bash
# Builds the addon from source against LLVM 22 (llvm-22-dev, liblld-22-dev), linked statically:
# native/build/Release/gpuc-llvm.node (binding.gyp lives in native/ so that package managers do not
# build it on install by themselves). Two jobs at most: each file includes much of LLVM.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
command -v "${LLVM_CONFIG:-llvm-config-22}" >/dev/null || {
  echo "@gpuc/llvm: llvm-config-22 not found; install llvm-22-dev and liblld-22-dev (Debian/Ubuntu)" >&2
  exit 1
}
# Node's own headers where this Node has them, so that nothing is downloaded.
if [ -z "${npm_config_nodedir:-}" ]; then
  prefix=$(node -p 'require("path").resolve(process.execPath, "../..")')
  if [ -f "$prefix/include/node/node_api.h" ]; then export npm_config_nodedir=$prefix; fi
fi
cd native
node-gyp rebuild --jobs="${JOBS:-2}" "$@"
# Every LLVM and lld symbol must be inside the binary: a missing one would only fail when called.
missing=$(nm -D --undefined-only build/Release/gpuc-llvm.node | grep -E ' (LLVM|_ZN4llvm|_ZN3lld|_Z[0-9]+get[A-Za-z]*PluginInfo)' || true)
if [ -n "$missing" ]; then
  echo "@gpuc/llvm: the binary leaves LLVM symbols undefined:" >&2
  echo "$missing" >&2
  exit 1
fi
