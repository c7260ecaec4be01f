#!/usr/bin/env bash
# Builds .device/ (git-ignored) for a run on a lent GPU machine that has no Node and no network:
# a portable Node, the GPU checks bundled into one script, the conformance corpus, and the
# native pieces (@gpuc/llvm's binary stripped, koffi and oxc-parser for x86-64 Linux; every
# `.node` compressed, as carry takes 64 MiB in all). There (scripts/device-run.sh does this):
#   xz -dc .device/node.xz > /tmp/node && chmod +x /tmp/node
#   each .device/gpu/node_modules/**/X.node.xz unpacked to X.node
#   /tmp/node .device/gpu/gpu-check.mjs --corpus .device/gpu/conformance --out "$OUT/gpu-check.json"
#   nvcc -O3 -arch=sm_90 -o /tmp/reference .device/gpu/reference.cu -lcuda
#   nvcc -O2 -o /tmp/first-kernel .device/gpu/first-kernel.c -lcuda
#   /tmp/node .device/gpu/bench-cuda.mjs --reference /tmp/reference --out "$OUT/bench-cuda.json" \
#     --first-app /tmp/app --first-c /tmp/first-kernel
#   /tmp/node .device/gpu/bench-arrays.mjs --cuda --out "$OUT/bench-arrays.json"
#   /tmp/node .device/gpu/ad-gpu-check.mjs --out "$OUT/ad-gpu-check.json"
#   /tmp/node .device/gpu/bench-ad.mjs --out "$OUT/bench-ad.json"
#   /tmp/node .device/gpu/fuzz.mjs --seed 1 --count 5000 --jobs 12 --json "$OUT/fuzz-gpu.json"
set -euo pipefail
root=$(git -C "$(dirname "${BASH_SOURCE[0]}")" rev-parse --show-toplevel)
out="$root/.device"
gpu="$out/gpu"
rm -rf "$gpu" "$out/app.tar.xz"
mkdir -p "$gpu/node_modules"
# shared/ sits beside the main checkout, which a worktree's parent folder need not be.
main=$(dirname "$(git -C "$root" rev-parse --path-format=absolute --git-common-dir)")
bash "$(dirname "$main")/shared/scripts/portable-node.sh" "$out" >/dev/null

# esbuild comes with tsup (a root devDependency); pnpm does not link it into node_modules/.bin.
esbuild=$(cd "$root" && node -p "require.resolve('esbuild/bin/esbuild', { paths: [require.resolve('tsup')] })")
bundle() {
  "$esbuild" "$1" \
    --bundle --platform=node --format=esm --target=node20 --conditions=source --log-level=warning \
    --external:@gpuc/llvm-linux-x64-gnu --external:koffi --external:@oxc-parser/binding-linux-x64-gnu \
    --banner:js="import { createRequire as gpucRequire } from 'node:module'; const require = gpucRequire(import.meta.url);" \
    --outfile="$2"
}
bundle "$root/packages/backend-cuda/scripts/gpu-check.ts" "$gpu/gpu-check.mjs"
bundle "$root/bench/cuda/run.ts" "$gpu/bench-cuda.mjs"
bundle "$root/bench/cuda/launch-host.ts" "$gpu/launch-host.mjs"
bundle "$root/bench/arrays.ts" "$gpu/bench-arrays.mjs"
bundle "$root/examples/cuda/saxpy.mjs" "$gpu/cuda-saxpy.mjs"
bundle "$root/examples/cuda/arrays.mjs" "$gpu/cuda-arrays.mjs"
bundle "$root/packages/enzyme-ad/scripts/gpu-check.ts" "$gpu/ad-gpu-check.mjs"
bundle "$root/bench/ad/run.ts" "$gpu/bench-ad.mjs"
# The differential fuzzer and its worker process (pool.ts finds the worker's bundle beside it).
bundle "$root/packages/fuzz/src/cli.ts" "$gpu/fuzz.mjs"
bundle "$root/packages/fuzz/src/worker.ts" "$gpu/fuzz-worker.mjs"
cp -r "$root/packages/core/conformance" "$gpu/conformance"
# WebGPU's bundles, Dawn and the Vulkan loader.
source "$root/packages/backend-webgpu/scripts/device-bundle.sh"
cp "$root/bench/cuda/reference.cu" "$root/bench/cuda/first-kernel.c" "$gpu/"

modules="$root/packages/core/node_modules"
# The LLVM binary as its platform package, which @gpuc/llvm's loader (bundled) requires by name.
platform="$gpu/node_modules/@gpuc/llvm-linux-x64-gnu"
mkdir -p "$platform"
cp "$root/packages/llvm-linux-x64-gnu/package.json" "$platform/"
strip --strip-unneeded -o /tmp/gpuc-llvm.node "$root/packages/llvm/native/build/Release/gpuc-llvm.node"
xz -6 -T0 -c /tmp/gpuc-llvm.node > "$platform/gpuc-llvm.node.xz"
rm /tmp/gpuc-llvm.node

koffi=$(readlink -f "$modules/koffi")
mkdir -p "$gpu/node_modules/koffi/build/koffi"
cp "$koffi/package.json" "$koffi/index.js" "$gpu/node_modules/koffi/"
cp -r "$koffi/build/koffi/linux_x64" "$gpu/node_modules/koffi/build/koffi/"

binding=$(readlink -f "$(dirname "$(readlink -f "$modules/oxc-parser")")/../../@oxc-parser+binding-linux-x64-gnu@"*/node_modules/@oxc-parser/binding-linux-x64-gnu)
mkdir -p "$gpu/node_modules/@oxc-parser"
cp -r "$binding" "$gpu/node_modules/@oxc-parser/"
find "$gpu/node_modules/koffi" "$gpu/node_modules/@oxc-parser" -name '*.node' -exec xz -6 -T0 {} +
# An install without the compiler, as a user's would be, with a bundle from `gpuc build`.
app="$out/app"
rm -rf "$app"
mkdir -p "$app"
for package in llvm core backend-cuda; do (cd "$root/packages/$package" && pnpm pack --pack-destination "$app" >/dev/null); done
echo '{ "name": "app", "private": true, "type": "module" }' > "$app/package.json"
(cd "$app" && npm install --omit=optional --ignore-scripts --no-audit --no-fund --loglevel=error ./gpuc-*.tgz >/dev/null)
rm -f "$app"/*.tgz
find "$app/node_modules/koffi/build/koffi" -mindepth 1 -maxdepth 1 ! -name linux_x64 -exec rm -rf {} +
(cd "$root/examples" && node "$root/packages/core/dist/cli.js" build "$root/examples/cuda/saxpy-kernel.js" \
  --types f32,f32[],f32[],i32 --target cuda -o "$app/saxpy.json" >/dev/null)
(cd "$root/examples" && node "$root/packages/core/dist/cli.js" build "$root/examples/cuda/saxpy-kernel.js" \
  --types f32,f32[],f32[],i32 --target cuda --object -p computeCapability=90 -o "$app/saxpy-cubin.json" >/dev/null)
cp "$root/packages/backend-cuda/test/fixtures/bundle-app.mjs" "$app/app.mjs"
cp "$root/bench/cuda/first-kernel.mjs" "$app/"
tar cJf "$out/app.tar.xz" -C "$out" app && rm -rf "$app"
du -sh "$out"
