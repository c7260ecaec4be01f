// What a register-tiled kernel needs from CUDA's code: a local accumulator array that stays in
// registers when its loops are unrolled (gpu.unroll), zeroing that is no byte loop where it does
// not, and fused multiply-adds asked for with gpu.fma. Checked on the PTX, assembled by ptxas.
import { describe, expect, it } from 'vitest';
import { count, ptx } from './helpers.js';

/** sm_90, each kernel's PTX assembled by ptxas where it is installed. */
const SM90 = { params: { computeCapability: 90, ptxas: true } };

/** 64 accumulators per thread, read back by a loop of 64 steps (too many to unroll unasked). */
const tile = (hint: string) => `function tile(x, out) {
  const t = gpu.globalIdx.x;
  const acc = new Float32Array(64);
  for (let k = 0; k < 64; k++) {
    const v = x[t * 64 + k];
    for (let i = 0; i < 8; i++) for (let j = 0; j < 8; j++) acc[i * 8 + j] += v * (i + j);
  }
  ${hint}
  for (let i = 0; i < 64; i++) out[t * 64 + i] = acc[i];
}`;

describe('a local accumulator array on CUDA', () => {
  it('stays in registers when the loop reading it is unrolled with gpu.unroll()', () => {
    const code = ptx(tile('gpu.unroll();'), ['f32[]', 'f32[]'], SM90);
    expect(code).not.toMatch(/\.local/);
    expect(count(code, /st\.global\.(?:v4\.)?[bf]32/)).toBeGreaterThanOrEqual(16);
  });

  it('is zeroed with 128-bit stores where it stays in local memory, not a loop of byte stores', () => {
    const code = ptx(tile(''), ['f32[]', 'f32[]'], SM90);
    expect(code).toMatch(/\.local \.align 16 \.b8\s+__local_depot0\[256\]/);
    expect(code).not.toMatch(/st\.local\.[bu]8/);
    expect(count(code, /st\.local\.v4\.b32\s+\[%rd\d+(?:\+\d+)?\], \{0, 0, 0, 0\}/)).toBe(16);
  });
});

describe('gpu.unroll(k) on CUDA', () => {
  it('unrolls a loop of run-time trip count by k', () => {
    const loop = (hint: string) => `function scale(x, n) {
  ${hint}
  for (let i = 0; i < n; i++) x[i] = x[i] * 3;
}`;
    expect(count(ptx(loop('gpu.unroll(1);'), ['f32[]', 'i32'], SM90), /mul\.rn\.f32/)).toBe(1);
    expect(count(ptx(loop('gpu.unroll(8);'), ['f32[]', 'i32'], SM90), /mul\.rn\.f32/)).toBeGreaterThanOrEqual(
      8,
    );
  });
});

describe('gpu.fma on CUDA', () => {
  it('is one fma.rn per call in f32 and f64, where a * b + c stays a product and a sum', () => {
    const code = ptx(
      `function fused(a, b, c, d, e, f) {
  const i = gpu.globalIdx.x;
  c[i] = gpu.fma(a[i], b[i], c[i]);
  f[i] = gpu.fma(d[i], e[i], f[i]);
  a[i] = a[i] * b[i] + c[i];
}`,
      ['f32[]', 'f32[]', 'f32[]', 'f64[]', 'f64[]', 'f64[]'],
      SM90,
    );
    expect(count(code, /fma\.rn\.f32/)).toBe(1);
    expect(count(code, /fma\.rn\.f64/)).toBe(1);
    expect(count(code, /mul\.rn\.f32/)).toBe(1);
    expect(count(code, /add\.rn\.f32/)).toBe(1);
  });
});
