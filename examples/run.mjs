// The main job. Until the kernel compiler exists, it builds the sample kernel (saxpy) with the
// LLVM layer for every target, emits it in memory, packages it with the target's real tools, and
// prints what came out and how long each step took (median of several runs in this process).
import { assemblePTX, buildSample as buildCuda, cudaTarget, emitPTX, findPtxas } from '@gpuc/backend-cuda';
import { buildSample as buildMetal, emitAIR, metalTarget } from '@gpuc/backend-metal';
import { buildSample as buildRocm, findLinker, linkCodeObject, rocmTarget } from '@gpuc/backend-rocm';
import {
  buildSaxpy,
  createContext,
  emit,
  f32,
  launchNative,
  nativeSample,
  nativeTarget,
  runReference,
} from '@gpuc/core';

const runs = 25;
const context = createContext();

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

function time(fn) {
  const start = process.hrtime.bigint();
  const result = fn();
  return { result, ms: Number(process.hrtime.bigint() - start) / 1e6 };
}

/** Builds, emits and packages `runs` times; returns the last outputs and the median timings. */
function measure({ build, emitOutput, packageOutput }) {
  const timings = { build: [], emit: [], package: [] };
  let last;
  for (let i = 0; i < runs + 1; i++) {
    const built = time(build);
    const emitted = time(() => emitOutput(built.result));
    const packaged = packageOutput ? time(() => packageOutput(emitted.result)) : undefined;
    built.result.dispose();
    if (i === 0) continue; // the first run warms up LLVM's lazily built tables
    timings.build.push(built.ms);
    timings.emit.push(emitted.ms);
    if (packaged) timings.package.push(packaged.ms);
    last = { emitted: emitted.result, packaged: packaged?.result };
  }
  return {
    ...last,
    build: median(timings.build),
    emit: median(timings.emit),
    package: timings.package.length ? median(timings.package) : undefined,
  };
}

const native = nativeTarget();
const cuda = cudaTarget();
const rocm = rocmTarget();
const metal = metalTarget();
const ptxas = findPtxas();
const lld = findLinker();

const rows = [
  {
    target: `native (${native.cpu})`,
    output: 'x86-64 object',
    ...measure({
      build: () => buildSaxpy(context, native, nativeSample),
      emitOutput: (m) => emit(m, native, 'object'),
    }),
  },
  {
    target: `cuda (${cuda.cpu})`,
    output: ptxas ? 'PTX, cubin sm_90 (ptxas)' : 'PTX (no ptxas)',
    ...measure({
      build: () => buildCuda(context, cuda),
      emitOutput: (m) => emitPTX(m, cuda),
      packageOutput: ptxas ? (ptx) => assemblePTX(ptx, 'sm_90') : undefined,
    }),
  },
  {
    target: `rocm (${rocm.cpu})`,
    output: lld ? 'object, code object (ld.lld)' : 'object (no ld.lld)',
    ...measure({
      build: () => buildRocm(context, rocm),
      emitOutput: (m) => emit(m, rocm, 'object'),
      packageOutput: lld ? (object) => linkCodeObject(object) : undefined,
    }),
  },
  {
    target: 'metal (air64)',
    output: 'AIR bitcode',
    ...measure({ build: () => buildMetal(context, metal), emitOutput: (m) => emitAIR(m) }),
  },
];

const bytes = (output) => (typeof output === 'string' ? Buffer.byteLength(output) : output.length);
const ms = (value) => (value === undefined ? '-' : value.toFixed(2));
const table = [
  ['target', 'output', 'emitted bytes', 'packaged bytes', 'build IR ms', 'emit ms', 'package ms'],
  ...rows.map((r) => [
    r.target,
    r.output,
    String(bytes(r.emitted)),
    r.packaged ? String(bytes(r.packaged)) : '-',
    ms(r.build),
    ms(r.emit),
    ms(r.package),
  ]),
];
const widths = table[0].map((_, column) => Math.max(...table.map((row) => row[column].length)));
const line = (row) => row.map((cell, column) => cell.padEnd(widths[column])).join('  ');
console.log(`sample kernel saxpy, medians of ${runs} runs in one process\n`);
console.log(line(table[0]));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const row of table.slice(1)) console.log(line(row));

// The compiler: saxpy written in JavaScript, compiled for the host CPU, run over a grid, and
// checked against the reference runner.
const saxpy = {
  file: 'examples/saxpy.js',
  text: `function saxpy(a, x, y, n) {
  const i = gpu.globalIdx.x;
  if (i < n) y[i] = a * x[i] + y[i];
}`,
};
const n = 1 << 20;
const x = Float32Array.from({ length: n }, (_, i) => (i % 1000) / 7);
const y = Float32Array.from({ length: n }, (_, i) => i % 13);
const expected = y.slice();
runReference(saxpy, { grid: n / 256, block: 256 }, [2.5, x, expected, n]);
const start = process.hrtime.bigint();
launchNative(saxpy, { grid: n / 256, block: 256 }, f32(2.5), x, y, n);
const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
// f32 arithmetic rounds each operation where JavaScript rounds once, on the store: results agree
// within an ulp (docs/language.md).
const ulp = (v) => 2 ** (Math.floor(Math.log2(Math.abs(v) || 2 ** -126)) - 23);
const mismatches = y.reduce(
  (count, v, i) => count + (Math.abs(v - expected[i]) <= ulp(expected[i]) ? 0 : 1),
  0,
);
const exact = y.reduce((count, v, i) => count + (v === expected[i] ? 1 : 0), 0);
const verdict =
  mismatches === 0
    ? `matches the reference runner within 1 ulp (${exact} of ${n} elements exactly)`
    : `${mismatches} elements differ from the reference runner by more than an ulp`;
console.log(
  `\nsaxpy compiled from JavaScript and run natively over ${n} elements: ${elapsed.toFixed(1)} ms with compilation; ${verdict}`,
);
if (mismatches !== 0) process.exitCode = 1;
