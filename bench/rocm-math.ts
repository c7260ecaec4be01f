// ROCm math, gpuc's device math library against AMD's ocml (the ROCm device libraries): the
// AMDGPU instructions of a kernel `y[i] = Math.f(x[i])`, less those of `y[i] = x[i]`, for each
// function in f32 and f64, and how many of them are f64 operations (half rate on CDNA, 1/16 or
// less on RDNA). Both go through the same LLVM 22 (-O2, gfx942 by default). Static counts are a
// speed proxy (this machine has no AMD GPU); accuracy is `pnpm bench:math`.
//
// ocml is read from ROCM_DEVICE_LIBS, /opt/rocm/amdgcn/bitcode or Debian's rocm-device-libs
// (/usr/lib/x86_64-linux-gnu/amdgcn/bitcode); without it only gpuc's column is printed.
//
//   pnpm bench:rocm-math [gfx]
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RocmPlugin } from '../packages/backend-rocm/src/index.js';
import { isRDNA, rocmTarget } from '../packages/backend-rocm/src/target/target.js';
import {
  compileJob,
  createCompiler,
  createJob,
  type KernelType,
  parseType,
  sourceFromText,
} from '../packages/core/src/index.js';
import {
  createContext,
  emit,
  internalize,
  linkModules,
  parseModule,
  runPipeline,
} from '../packages/core/src/llvm/index.js';
import { printTable } from './table.js';

const gfx = process.argv[2] ?? 'gfx942';
const functions = [
  'sin',
  'cos',
  'tan',
  'asin',
  'atan',
  'atan2',
  'tanh',
  'exp',
  'expm1',
  'log',
  'log1p',
  'cbrt',
  'pow',
];
const binary = new Set(['atan2', 'pow']);
const compiler = createCompiler().use(new RocmPlugin());

/** Instructions in an AMDGPU assembly listing, and how many of them are f64 operations. */
function count(assembly: string): { all: number; f64: number } {
  const lines = assembly.split('\n').filter((l) => /^\t[a-z][a-z0-9_]*(\s|$)/.test(l));
  return { all: lines.length, f64: lines.filter((l) => /^\tv_\w*f64/.test(l)).length };
}

function gpuc(fn: string, type: 'f32' | 'f64') {
  const call = fn === 'id' ? 'x[i]' : binary.has(fn) ? `Math.${fn}(x[i], x[i + 1])` : `Math.${fn}(x[i])`;
  const text = `function k(x, y) {\n  const i = gpu.globalIdx.x;\n  y[i] = ${call};\n}`;
  const types = [`${type}[]`, `${type}[]`].map((t) => parseType(t) as KernelType);
  const job = createJob(sourceFromText(text, `${fn}-${type}.js`), types, compiler.target('rocm', { gfx }));
  return count(compileJob(compiler, job, { kind: 'assembly' }).output as string);
}

const folder = [
  process.env.ROCM_DEVICE_LIBS,
  '/opt/rocm/amdgcn/bitcode',
  '/usr/lib/x86_64-linux-gnu/amdgcn/bitcode',
].find((d): d is string => Boolean(d) && existsSync(join(d as string, 'ocml.bc')));
// IEEE results: no finite-only, unsafe or flush-to-zero shortcuts; sqrt correctly rounded.
const controls = [
  'oclc_finite_only_off',
  'oclc_unsafe_math_off',
  'oclc_daz_opt_off',
  'oclc_correctly_rounded_sqrt_on',
  // gpuc's default: 64-wide wavefronts on GCN and CDNA, 32-wide on RDNA.
  `oclc_wavefrontsize64_${isRDNA(gfx) ? 'off' : 'on'}`,
  'oclc_abi_version_500',
];
const isa = (dir: string) => {
  // Older device libraries lack newer GPUs' files: the newest of the same family stands in
  // (gfx942 for CDNA 3 and later, gfx1030 for RDNA 3 and 4).
  const own = join(dir, `oclc_isa_version_${gfx.slice(3)}.bc`);
  if (existsSync(own)) return { file: own, stand: '' };
  const stand = gfx.startsWith('gfx9') ? '942' : '1030';
  return { file: join(dir, `oclc_isa_version_${stand}.bc`), stand: ` (gfx${stand}'s ISA file)` };
};

function ocml(fn: string, type: 'f32' | 'f64', dir: string) {
  const target = rocmTarget({ gfx });
  const t = type === 'f32' ? 'float' : 'double';
  const args = binary.has(fn) ? `${t} %a, ${t} %b` : `${t} %a`;
  const result = fn === 'id' ? `%r = fadd ${t} %a, 0.0` : `%r = call ${t} @__ocml_${fn}_${type}(${args})`;
  const declare =
    fn === 'id' ? '' : `declare ${t} @__ocml_${fn}_${type}(${binary.has(fn) ? `${t}, ${t}` : t})`;
  const context = createContext();
  try {
    const kernel = parseModule(
      context,
      `target triple = "${target.triple}"
target datalayout = "${target.dataLayout}"
${declare}
declare i32 @llvm.amdgcn.workitem.id.x()
declare i32 @llvm.amdgcn.workgroup.id.x()
define amdgpu_kernel void @k(ptr addrspace(1) %x, ptr addrspace(1) %y) {
  %t = call i32 @llvm.amdgcn.workitem.id.x()
  %g = call i32 @llvm.amdgcn.workgroup.id.x()
  %base = mul i32 %g, 256
  %i = add i32 %base, %t
  %w = sext i32 %i to i64
  %px = getelementptr ${t}, ptr addrspace(1) %x, i64 %w
  %a = load ${t}, ptr addrspace(1) %px
  %j = add i64 %w, 1
  %pb = getelementptr ${t}, ptr addrspace(1) %x, i64 %j
  %b = load ${t}, ptr addrspace(1) %pb
  ${result}
  %py = getelementptr ${t}, ptr addrspace(1) %y, i64 %w
  store ${t} %r, ptr addrspace(1) %py
  ret void
}`,
      'kernel',
    );
    for (const file of [join(dir, 'ocml.bc'), ...controls.map((c) => join(dir, `${c}.bc`)), isa(dir).file]) {
      const library = parseModule(context, readFileSync(file), file, { lazy: true });
      library.setTargetTriple(target.triple);
      library.setDataLayout(target.dataLayout);
      linkModules(kernel, library, { onlyNeeded: true });
    }
    internalize(kernel, ['k']);
    runPipeline(kernel, 'default<O2>', target);
    return count(emit(kernel, target, 'assembly'));
  } finally {
    context.dispose();
  }
}

const base = { gpuc: { f32: gpuc('id', 'f32'), f64: gpuc('id', 'f64') } };
const ocmlBase = folder ? { f32: ocml('id', 'f32', folder), f64: ocml('id', 'f64', folder) } : undefined;
const rows = [['function', 'type', 'gpuc (f64 ops)', ...(folder ? ['ocml (f64 ops)', 'gpuc / ocml'] : [])]];
for (const type of ['f32', 'f64'] as const)
  for (const fn of functions) {
    const g = gpuc(fn, type);
    const gAll = g.all - base.gpuc[type].all;
    const cells = [fn, type, `${gAll} (${g.f64 - base.gpuc[type].f64})`];
    if (folder && ocmlBase) {
      const o = ocml(fn, type, folder);
      const oAll = o.all - ocmlBase[type].all;
      cells.push(`${oAll} (${o.f64 - ocmlBase[type].f64})`, `${(gAll / oAll).toFixed(1)}x`);
    }
    rows.push(cells);
  }
console.log(
  `AMDGPU instructions of one Math call (${gfx}, LLVM 22 -O2; static count, less a copy kernel's)` +
    (folder ? `; ocml from ${folder}${isa(folder).stand}` : '; ocml not found') +
    '\n',
);
printTable(rows);
