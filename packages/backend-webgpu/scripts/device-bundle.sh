# The WebGPU part of .device/, sourced by packages/backend-cuda/scripts/device-bundle.sh (which
# defines `bundle`, `root`, `out` and `gpu`): the webgpu conformance check and bench/webgpu
# bundled, Dawn (the `webgpu` package's Linux x86-64 binary, compressed), and Debian's Vulkan
# loader (libvulkan1, unpacked here: the GPU machine has no network and no loader of its own).
# device-run.sh (beside this file) runs them. All but the loader compressed (.device holds at
# most 64 MiB; these add about 5.8 MB).
bundle "$root/packages/backend-webgpu/scripts/gpu-check.ts" "$gpu/webgpu-check.mjs"
bundle "$root/bench/webgpu/run.ts" "$gpu/bench-webgpu.mjs"
xz -9 -f "$gpu/webgpu-check.mjs" "$gpu/bench-webgpu.mjs"
dawn=$(readlink -f "$root/packages/backend-webgpu/node_modules/webgpu")
mkdir -p "$gpu/node_modules/webgpu/dist/linux-x64"
cp "$dawn/package.json" "$dawn/index.js" "$gpu/node_modules/webgpu/"
xz -6 -T0 -c "$dawn/dist/linux-x64/dawn.node" > "$gpu/node_modules/webgpu/dist/linux-x64/dawn.node.xz"
vulkan="$out/webgpu"
rm -rf "$vulkan"
mkdir -p "$vulkan/lib"
deb=$(mktemp -d)
chmod 755 "$deb" # apt's download user writes into it
(cd "$deb" && apt-get download -qq libvulkan1 2>/dev/null && dpkg-deb -x libvulkan1_*.deb root)
# The library under its soname, as a file (the carried tree takes no links).
cp -L "$deb/root/usr/lib/x86_64-linux-gnu/libvulkan.so.1" "$vulkan/lib/libvulkan.so.1"
rm -rf "$deb"
