#!/usr/bin/env bash
# The static LLVM and lld libraries the addon links (binding.gyp runs this): only the components
# gpuc uses. lld's ELF driver needs LTO; Debian's llvm-config lists Polly for it, which the
# driver never calls and Debian ships apart, so it is left out.
set -euo pipefail
config=${LLVM_CONFIG:-llvm-config-22}
libdir=$("$config" --libdir)
echo "$libdir/liblldELF.a" "$libdir/liblldCommon.a"
"$config" --link-static --libs core irreader bitreader bitwriter linker passes ipo \
  x86 aarch64 nvptx amdgpu webassembly option lto dtlto | tr ' ' '\n' | grep -v -E '^-l(Polly|PollyISL)$' | tr '\n' ' '
