// The CUDA target's O3 pipeline (src/target/pipeline.ts) is default<O3> without passes that do
// nothing on gpuc's code, or nothing ptxas does not do too: kernels of each kind (a fully unrolled
// tile loop, device functions to inline, libdevice math, local arrays, a data-dependent loop) come
// out as the same PTX, or, where a left-out pass only reorders or rewrites (libdevice's f64 math:
// operand order; a load that GVN's PRE moved into a loop's predecessors; bit widths that BDCE
// narrowed), as PTX that ptxas assembles to no more machine code than default<O3>'s. (bench/cuda's
// and the conformance kernels' PTX was compared whole, and with ptxas where it changed:
// bench/cuda/sass-stats.ts.)
import { describe, expect, it } from 'vitest';
import { CUDA_O3_PIPELINE } from '../src/target/pipeline.js';
import { assemblePTX } from '../src/target/ptxas.js';
import { compiler, hasPtxas, ptx } from './helpers.js';

// Device functions the kernels call, from their scope.
const scope = {
  clamp: (v: number, lo: number, hi: number) => Math.min(Math.max(v, lo), hi),
  smooth: (t: number) => t * t * (3 - 2 * t),
};

/** The bytes of machine code in a cubin: the sizes of its `.text.<kernel>` sections (ELF64). */
function codeSize(cubin: Buffer): number {
  const offset = Number(cubin.readBigUInt64LE(0x28));
  const entry = cubin.readUInt16LE(0x3a);
  const count = cubin.readUInt16LE(0x3c);
  const header = (i: number) => offset + i * entry;
  const names = Number(cubin.readBigUInt64LE(header(cubin.readUInt16LE(0x3e)) + 0x18));
  let size = 0;
  for (let i = 0; i < count; i++) {
    const start = names + cubin.readUInt32LE(header(i));
    const name = cubin.toString('latin1', start, cubin.indexOf(0, start));
    if (name.startsWith('.text.')) size += Number(cubin.readBigUInt64LE(header(i) + 0x20));
  }
  return size;
}

// Each kernel's name, text, argument types, and whether its PTX is default<O3>'s byte for byte
// (or only its machine code no larger).
const kernels: [string, string, string[], boolean][] = [
  [
    'tile loop',
    `function weigh(x, w, out) {
  const tile = gpu.sharedArray(Float32Array, 256);
  const t = gpu.threadIdx.x;
  tile[t] = x[gpu.globalIdx.x];
  gpu.barrier();
  let sum = f32(0);
  for (let k = 0; k < 16; k++) sum += tile[(t >> 4) * 16 + k] * w[k * 16 + (t & 15)];
  out[gpu.globalIdx.x] = sum;
}`,
    ['f32[]', 'f32[]', 'f32[]'],
    true,
  ],
  [
    // Its PTX differs (the order of its loads) under the plain textual loop-unroll-full.
    'a loop unrolled fully early',
    `function poly(x, y) {
  const i = gpu.globalIdx.x;
  const v = x[i];
  let s = f32(0);
  for (let k = 0; k < 12; k++) s += (x[i + k] * v) / (x[i + 2 * k] + 1);
  y[i] = s;
}`,
    ['f32[]', 'f32[]'],
    true,
  ],
  [
    'device functions and math',
    `function shade(x, y, n) {
  const i = gpu.globalIdx.x;
  if (i >= n) return;
  const v = clamp(x[i], 0, 1);
  y[i] = smooth(v) + Math.exp(-v) * Math.sin(v * 7) + Math.pow(v, 1.5);
}`,
    ['f64[]', 'f64[]', 'i32'],
    false,
  ],
  [
    'local array and a data-dependent loop',
    `function collatz(x, y) {
  const i = gpu.globalIdx.x;
  const seen = new Int32Array(8);
  let v = x[i];
  let steps = 0;
  while (v !== 1 && steps < 1000) {
    v = v % 2 === 0 ? v / 2 : 3 * v + 1;
    seen[steps & 7] = v;
    steps++;
  }
  y[i] = steps + seen[3];
}`,
    ['i32[]', 'i32[]'],
    false,
  ],
];

describe('the CUDA O3 pipeline', () => {
  it('is the one CUDA jobs optimise with at O3', () => {
    expect(compiler.target('cuda').pipelines?.[3]).toBe(CUDA_O3_PIPELINE);
  });

  const compileBoth = (text: string, types: string[], computeCapability: number) => {
    const target = compiler.target('cuda', { computeCapability });
    const standard = { ...target, pipelines: {} };
    // Compiled afresh, not from the memory cache, under one file name (PTX names it).
    const options = { scope, file: 'pipeline.js', memory: false };
    return [ptx(text, types, { ...options, target }), ptx(text, types, { ...options, target: standard })];
  };

  it.each(kernels.filter((k) => k[3]))('gives the PTX default<O3> gives: %s', (_, text, types) => {
    for (const computeCapability of [80, 90]) {
      const [own, theirs] = compileBoth(text, types, computeCapability);
      expect(own).toBe(theirs);
    }
  });

  it.skipIf(!hasPtxas).each(kernels.filter((k) => !k[3]))(
    'gives no more machine code than default<O3> gives (needs ptxas): %s',
    (_, text, types) => {
      for (const computeCapability of [80, 90]) {
        const [own, theirs] = compileBoth(text, types, computeCapability);
        const arch = `sm_${computeCapability}`;
        expect(own).not.toBe(theirs);
        const size = codeSize(assemblePTX(own as string, arch));
        expect(size).toBeGreaterThan(0);
        expect(size).toBeLessThanOrEqual(codeSize(assemblePTX(theirs as string, arch)));
      }
    },
  );
});
