#!/usr/bin/env bash
# On the lent GPU machine (packages/backend-cuda/scripts/device-run.sh webgpu, after it has
# unpacked Node): WebGPU through Dawn over the NVIDIA Vulkan driver, with Debian's Vulkan loader
# carried in .device/webgpu/lib. Runs webgpu-check (the webgpu conformance column, then the
# subgroup and f16 cases against the reference runner) and bench/webgpu (WebGPU against the CUDA
# back-end on the same GPU); `device-run.sh check` (`../backend-cuda/scripts/device-run.sh webgpu
# check`) runs webgpu-check alone. Results go to $OUT.
set -uo pipefail
out=${OUT:-/tmp}
status=0
dawn=.device/gpu/node_modules/webgpu/dist/linux-x64
xz -dc "$dawn/dawn.node.xz" > "$dawn/dawn.node"
for script in webgpu-check bench-webgpu; do xz -dc ".device/gpu/$script.mjs.xz" > ".device/gpu/$script.mjs"; done
export LD_LIBRARY_PATH="$PWD/.device/webgpu/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
# An ICD file naming the driver's EGL library: the headless machine has no X server, and the
# GLX library that the container's own nvidia_icd.json names returns no vkCreateInstance there
# (checked on the H100 machine: EGL gives the adapter, GLX "Found no drivers").
library=$(ldconfig -p | awk '/libEGL_nvidia\.so\.0/ { print $NF; exit }')
if [ -n "$library" ]; then
  icd=/tmp/nvidia_icd.json
  printf '{ "file_format_version": "1.0.1", "ICD": { "library_path": "%s", "api_version": "1.3" } }\n' "$library" > "$icd"
else
  icd=$(ls /usr/share/vulkan/icd.d/nvidia_icd*.json /etc/vulkan/icd.d/nvidia_icd*.json 2>/dev/null | head -1)
fi
echo "Vulkan ICD: ${icd:-none found, the loader searches}"
if [ -n "$icd" ]; then export VK_DRIVER_FILES=$icd VK_ICD_FILENAMES=$icd; fi
export XDG_RUNTIME_DIR=/tmp/gpuc-runtime-$(id -u)
mkdir -p -m 700 "$XDG_RUNTIME_DIR"
/tmp/node .device/gpu/webgpu-check.mjs --corpus .device/gpu/conformance --out "$out/webgpu-check.json" || status=1
if [ "${1:-}" != check ]; then
  /tmp/node .device/gpu/bench-webgpu.mjs --size 26 --out "$out/bench-webgpu.json" || status=1
fi
exit $status
