#!/usr/bin/env bash
# What a user's install does, checked: packs @gpuc/llvm with its linux-x64-gnu platform package
# (the prebuilt binary), @gpuc/core, the back-ends and @gpuc/enzyme-ad, installs the tarballs with
# npm into a fresh folder with install scripts disabled (printing how long that took), and with
# pnpm into another (the tarballs linked to each other through overrides), then, in each, in a
# mount namespace where LLVM's folders and ld.lld are hidden, runs saxpy natively and compiles it
# to PTX for sm_90 and to a gfx942 code object. In the npm project it then does what a user does
# with the packages (install-app/): every README example, read from the installed READMEs (and
# the repository's), a kernel in a vitest test file, kernels in tsc-compiled CommonJS launched
# synchronously and asynchronously, and the array layer; vitest, typescript and @types/node come
# from the registry at the workspace's versions. Needs root for the namespace (unshare), else
# runs without it.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
cd "$root"
bash packages/llvm/scripts/prebuild.sh
dir=$(mktemp -d /tmp/gpuc-install-XXXXXX)
trap 'rm -rf "$dir"' EXIT
# Compiles start cold, and leave the user's cache alone.
export GPUC_CACHE_DIR="$dir/cache"
for package in llvm llvm-linux-x64-gnu core backend-cuda backend-rocm backend-metal enzyme-ad; do
  (cd "packages/$package" && pnpm pack --pack-destination "$dir" >/dev/null)
done
# Runs a command in a mount namespace where LLVM's folders and ld.lld are hidden (as root).
hidden() {
  local hide='for d in /usr/lib/llvm-*; do mount -t tmpfs none "$d"; done; for f in /usr/bin/ld.lld* /usr/bin/llc* /usr/bin/llvm-config*; do [ -e "$f" ] && mount --bind /dev/null "$f"; done'
  if [ "$(id -u)" -eq 0 ] && command -v unshare >/dev/null; then
    unshare --mount --propagation private bash -c "$hide; $1"
  else
    echo "(not root: LLVM stays visible)" >&2
    bash -c "$1"
  fi
}

app() {
  cat > app.mjs <<'JS'
import { compileJob, createCompiler, createJob, f32, i32, launchNative, parseType, sourceFromText } from '@gpuc/core';
import { CudaPlugin } from '@gpuc/backend-cuda';
import { RocmPlugin } from '@gpuc/backend-rocm';

const text = 'function saxpy(a, x, y, n) {\n  const i = gpu.globalIdx.x;\n  if (i < n) y[i] = a * x[i] + y[i];\n}\n';
const x = new Float32Array(1024).fill(1);
const y = new Float32Array(1024).fill(2);
launchNative({ text, file: 'saxpy.js' }, { grid: 4, block: 256 }, f32(3), x, y, i32(1024));
console.log('native:', y[0], y[1023]);
const compiler = createCompiler().use(new CudaPlugin()).use(new RocmPlugin());
const types = ['f32', 'f32[]', 'f32[]', 'i32'].map((t) => parseType(t));
const compile = (target, params, kind) =>
  compileJob(compiler, createJob(sourceFromText(text, 'saxpy.js'), types, compiler.target(target, params), { params }), { kind }).output;
const ptx = compile('cuda', { computeCapability: 90 }, 'assembly');
console.log('ptx:', /\.target sm_90/.test(ptx) && /\.entry saxpy/.test(ptx) ? 'sm_90 entry saxpy' : 'WRONG');
const hsaco = compile('rocm', { gfx: 'gfx942' }, 'object');
console.log('code object:', hsaco.subarray(0, 4).toString('latin1') === '\x7fELF' && hsaco.includes('amdgcn-amd-amdhsa--gfx942') ? 'gfx942 ELF' : 'WRONG');
JS
  out=$(hidden 'ls /usr/lib/llvm-22 2>/dev/null | wc -l | sed "s/^/files left in \/usr\/lib\/llvm-22: /"; node app.mjs')
  echo "$out"
  echo "$out" | grep -q 'WRONG' && { echo "install check: wrong output" >&2; exit 1; }
  test "$(echo "$out" | grep -c -E '^(native: 5 5|ptx: sm_90 entry saxpy|code object: gfx942 ELF)$')" -eq 3
}

mkdir "$dir/npm" "$dir/pnpm"
cd "$dir/npm"
echo '{ "name": "app", "private": true, "type": "module" }' > package.json
start=$(date +%s.%N)
npm install --ignore-scripts --no-audit --no-fund --loglevel=error ../*.tgz >/dev/null
echo "npm install (scripts disabled): $(echo "$(date +%s.%N) - $start" | bc) s"
test ! -e node_modules/llvm-bindings
test -f node_modules/@gpuc/llvm-linux-x64-gnu/gpuc-llvm.node
app

# What a user does with the packages, beyond saxpy (install-app/ says what each file checks).
cp "$root"/packages/llvm/scripts/install-app/* .
tools=$(node -p "const d = require('$root/package.json').devDependencies; ['vitest', 'typescript', '@types/node'].map((n) => n + '@' + d[n]).join(' ')")
npm install --ignore-scripts --no-audit --no-fund --loglevel=error $tools >/dev/null
start=$(date +%s)
hidden "set -e
  node readme-examples.mjs '$root' node_modules/@gpuc/*/README.md '$root/README.md'
  node arrays.mjs
  npx tsc -p tsconfig.json && node launches.cjs
  npx vitest run kernel.test.ts"
echo "README examples, arrays, tsc CommonJS, async launches, vitest: $(($(date +%s) - start)) s"

# A deployment that only runs bundles omits optional packages (the LLVM binary, the parser's),
# and may go further and delete the compiler: every compiler-free entry point still loads, from
# ESM and from CommonJS, with the binding, the parser and the hooks gone.
mkdir "$dir/runtime" && cd "$dir/runtime"
echo '{ "name": "app", "private": true, "type": "module" }' > package.json
npm install --omit=optional --ignore-scripts --no-audit --no-fund --loglevel=error \
  $(ls ../*.tgz | grep -v llvm-linux) >/dev/null
test ! -e node_modules/@gpuc/llvm-linux-x64-gnu
rm -rf node_modules/@gpuc/llvm node_modules/oxc-parser node_modules/@oxc-parser node_modules/tapable
entries="@gpuc/core/host @gpuc/backend-cuda/driver @gpuc/backend-rocm/hsa @gpuc/backend-metal/metal"
for entry in $entries; do
  node --input-type=module -e "await import('$entry')"
  node --input-type=commonjs -e "require('$entry')"
done
node --input-type=module -e "
const driver = await import('@gpuc/backend-cuda/driver');
const host = await import('@gpuc/core/host');
if (typeof driver.loadBundle !== 'function' || typeof host.parseBundle !== 'function') process.exit(1);
"
echo "without the compiler (no binding, parser or hooks): $entries load"

# pnpm resolves a tarball's dependencies from the registry: overrides point them at the tarballs.
cd "$dir/pnpm"
node -e '
const fs = require("fs");
const tarballs = fs.readdirSync("..").filter((f) => f.endsWith(".tgz"));
const name = (f) => "@gpuc/" + f.replace(/^gpuc-/, "").replace(/-\d+\.\d+\.\d+\.tgz$/, "");
const deps = Object.fromEntries(tarballs.map((f) => [name(f), "file:../" + f]));
fs.writeFileSync("package.json", JSON.stringify({ name: "app", private: true, type: "module", dependencies: deps, pnpm: { overrides: deps } }));
'
start=$(date +%s.%N)
pnpm install --ignore-scripts --reporter=silent >/dev/null
echo "pnpm install (scripts disabled): $(echo "$(date +%s.%N) - $start" | bc) s"
test -f node_modules/@gpuc/llvm-linux-x64-gnu/gpuc-llvm.node
app
