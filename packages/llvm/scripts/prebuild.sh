#!/usr/bin/env bash
# Builds the prebuilt binary of this platform's package: the binary built from source (built
# first when absent), stripped, copied into packages/llvm-<platform>/gpuc-llvm.node. A release
# runs this on each platform it ships (see README.md) and publishes the platform packages with
# @gpuc/llvm.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
key=$(node --input-type=module -e "import { platformKey } from '$here/dist/index.js'; console.log(platformKey())" 2>/dev/null ||
  node -e 'const l=process.report.getReport().header.glibcVersionRuntime?"gnu":"musl";console.log(process.platform==="linux"?`linux-${process.arch}-${l}`:`${process.platform}-${process.arch}`)')
package="$here/../llvm-$key"
[ -f "$package/package.json" ] || { echo "@gpuc/llvm: no platform package packages/llvm-$key" >&2; exit 1; }
built="$here/native/build/Release/gpuc-llvm.node"
[ -f "$built" ] || bash "$here/scripts/build-native.sh"
strip --strip-unneeded -o "$package/gpuc-llvm.node" "$built"
echo "$package/gpuc-llvm.node: $(du -h "$package/gpuc-llvm.node" | cut -f1)"
