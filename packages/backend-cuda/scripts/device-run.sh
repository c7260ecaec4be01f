#!/usr/bin/env bash
# On the lent GPU machine, in the repository root with .device/ carried (device-bundle.sh made
# it): unpacks Node and the LLVM addon, runs the GPU checks, builds the CUDA C reference with
# nvcc and runs bench/cuda against it, bench/arrays, then the AD checks and bench/ad. Results go
# to $OUT. `device-run.sh ad [names]` runs only the AD part (bench/ad for the comma-separated
# corpus functions named, when given); `device-run.sh arrays` the GPU checks (the
# array layer's among them) and bench/arrays; `device-run.sh fuzz [count] [seed]` only the
# differential fuzzer, CUDA execution included (reference, native, ptx and cuda back-ends);
# `device-run.sh webgpu` the WebGPU back-end (packages/backend-webgpu/scripts/device-run.sh;
# `device-run.sh webgpu check` its checks without bench/webgpu);
# `device-run.sh cuda` everything but bench/arrays and the AD part, for a shorter call;
# `device-run.sh first [rounds]` only the first kernel from a bundle against first-kernel.c
# (bench-cuda --only-first, kinds interleaved, 16 rounds unless given), then processes that
# import the driver entry and end at once.
set -uo pipefail
out=${OUT:-/tmp}
xz -dc .device/node.xz > /tmp/node && chmod +x /tmp/node
# The native addons, compressed by device-bundle.sh.
find .device/gpu/node_modules -name '*.node.xz' -exec sh -c 'xz -dc "$1" > "${1%.xz}"' _ {} \;
nvidia-smi --query-gpu=name,driver_version,compute_cap --format=csv,noheader
status=0
ad() {
  /tmp/node .device/gpu/ad-gpu-check.mjs --out "$out/ad-gpu-check.json" || status=1
  /tmp/node .device/gpu/bench-ad.mjs --gpu ${1:+--only "$1"} --out "$out/bench-ad.json" || status=1
}
if [ "${1:-}" = ad ]; then
  ad "${2:-}"
  exit $status
fi
if [ "${1:-}" = arrays ]; then
  echo "README arrays example (examples/cuda/arrays.mjs): $(/tmp/node .device/gpu/cuda-arrays.mjs | tr '\n' ' ')" || status=1
  /tmp/node .device/gpu/gpu-check.mjs --corpus .device/gpu/conformance --out "$out/gpu-check.json" || status=1
  /tmp/node .device/gpu/bench-arrays.mjs --cuda --out "$out/bench-arrays.json" || status=1
  exit $status
fi
if [ "${1:-}" = fuzz ]; then
  jobs=$(( $(nproc) > 2 ? $(nproc) - 2 : 1 ))
  /tmp/node .device/gpu/fuzz.mjs --count "${2:-5000}" --seed "${3:-1}" --jobs "$jobs" \
    --backends reference,native,ptx,cuda --json "$out/fuzz-gpu.json" || status=1
  exit $status
fi
if [ "${1:-}" = first ]; then
  tar xJf .device/app.tar.xz -C /tmp
  nvcc=$(command -v nvcc || echo /usr/local/cuda/bin/nvcc)
  "$nvcc" -O2 -o /tmp/first-kernel .device/gpu/first-kernel.c -lcuda || exit 1
  /tmp/node .device/gpu/bench-cuda.mjs --only-first --first-app /tmp/app --first-c /tmp/first-kernel \
    --first-rounds "${2:-16}" --out "$out/first-kernel.json" || status=1
  # A process that imports the driver entry and ends at once, while the context's retain may
  # still be in flight on its worker thread: it must end (no hang, no crash) with status 0.
  for way in "" "; process.exit(0)"; do
    for round in 1 2 3; do
      start=$(date +%s%N)
      (cd /tmp/app && timeout 30 /tmp/node --input-type=module -e "await import('@gpuc/backend-cuda/driver')$way")
      code=$?
      echo "import and end${way:+ by process.exit}, round $round: status $code, $(( ($(date +%s%N) - start) / 1000000 )) ms"
      [ $code = 0 ] || status=1
    done
  done
  exit $status
fi
if [ "${1:-}" = webgpu ]; then
  bash packages/backend-webgpu/scripts/device-run.sh "${2:-}"
  exit $?
fi
/tmp/node .device/gpu/gpu-check.mjs --corpus .device/gpu/conformance --out "$out/gpu-check.json" || status=1
echo "README example (examples/cuda/saxpy.mjs): $(/tmp/node .device/gpu/cuda-saxpy.mjs)" || status=1
echo "README arrays example (examples/cuda/arrays.mjs): $(/tmp/node .device/gpu/cuda-arrays.mjs | tr '\n' ' ')" || status=1
# The precompiled bundle in an install without the compiler (no LLVM binary there).
tar xJf .device/app.tar.xz -C /tmp && test ! -e /tmp/app/node_modules/@gpuc/llvm-linux-x64-gnu
echo "bundle in a compiler-free install: $(cd /tmp/app && /tmp/node app.mjs)" || status=1
cc=$(nvidia-smi --query-gpu=compute_cap --format=csv,noheader | head -1 | tr -d '.')
nvcc=$(command -v nvcc || echo /usr/local/cuda/bin/nvcc)
"$nvcc" -O3 -arch="sm_$cc" -o /tmp/reference .device/gpu/reference.cu -lcuda || status=1
mkdir -p /tmp/ptx
"$nvcc" -O3 -arch="sm_$cc" -ptx -o /tmp/ptx/reference.ptx .device/gpu/reference.cu || status=1
# The first kernel from a bundle (in /tmp/app, unpacked above) against the same steps in C.
"$nvcc" -O2 -o /tmp/first-kernel .device/gpu/first-kernel.c -lcuda || status=1
# cuBLAS, the matmul rows' peer, from the toolkit beside nvcc (bench-cuda says why when absent).
cublas=$(dirname "$nvcc")/../lib64/libcublas.so
cublas_flag=$([ -e "$cublas" ] && echo "--cublas=$cublas")
/tmp/node .device/gpu/bench-cuda.mjs --reference /tmp/reference --ptx /tmp/ptx --out "$out/bench-cuda.json" \
  --first-app /tmp/app --first-c /tmp/first-kernel --nvcc-ptx /tmp/ptx/reference.ptx $cublas_flag || status=1
# Node's own start, and what NODE_EXTRA_CA_CERTS (if this environment sets it) adds to it.
echo "Node start, ms to the first line: $(env -u NODE_EXTRA_CA_CERTS /tmp/node -p 'performance.now().toFixed(1)')" \
  "(with NODE_EXTRA_CA_CERTS=${NODE_EXTRA_CA_CERTS:-unset}: $(/tmp/node -p 'performance.now().toFixed(1)'))"
# Where a launch's host time goes: gpuc's launch beside bare koffi calls of the driver.
/tmp/node .device/gpu/launch-host.mjs --driver | tee "$out/launch-host.txt" || status=1
# The machine code of both sides' Black-Scholes, to compare.
bin=$(dirname "$nvcc")
# gpuc's PTX names its own target (sm_90a on compute capability 9.0): assemble for that one.
arch=$(awk '/^\.target/ { print $2; exit }' /tmp/ptx/black-scholes.ptx)
"$bin/ptxas" -arch="${arch:-sm_$cc}" -o /tmp/ptx/black-scholes.cubin /tmp/ptx/black-scholes.ptx &&
  "$bin/cuobjdump" -sass /tmp/ptx/black-scholes.cubin > /tmp/ptx/black-scholes.gpuc.sass &&
  "$bin/cuobjdump" -sass /tmp/reference | awk '/Function : .*blackScholes/,/\.\.\.\.\.\.\.\.\.\./' > /tmp/ptx/black-scholes.nvcc.sass || true
tar czf "$out/ptx.tar.gz" -C /tmp ptx
[ "${1:-}" = cuda ] && exit $status
/tmp/node .device/gpu/bench-arrays.mjs --cuda --out "$out/bench-arrays.json" || status=1
ad
exit $status
