// gpu.lowWord and gpu.highWord on CUDA: the f64's register unpacked by `mov.b64 {lo, hi}`. LLVM
// made a lowWord stored to a 32-bit element a 32-bit store of the f64's register, which an H100
// (driver 580) converted as a number instead of truncating (the fuzzer's seed 24601: lowWord(199)
// stored 199, lowWord(Infinity) 0xffffffff).
import { describe, expect, it } from 'vitest';
import { assemblePTX } from '../src/index.js';
import { hasPtxas, ptx } from './helpers.js';

describe("an f64's words on CUDA", () => {
  it.each([
    ['f64', 'Number.isNaN(x[i]) ? 0 : x[i]'],
    ['f64', 'x[i] / 3'],
    ['i32', 'i * 7'],
  ])('are unpacked from its register, never stored from it (%s, %s)', (type, value) => {
    const text = `function words(o, x) {
  const i = gpu.globalIdx.x;
  const v = ${value};
  o[2 * i] = gpu.lowWord(v);
  o[2 * i + 1] = gpu.highWord(v);
}`;
    const code = ptx(text, ['u32[]', `${type}[]`], { memory: false });
    expect(code).toMatch(/mov\.b64\s+\{%r\d+, %r\d+\}, %rd\d+;/);
    // No 32-bit store of a 64-bit register.
    expect(code).not.toMatch(/st\.global\.b32\s+\[[^\]]+\], %rd/);
    if (hasPtxas) expect(assemblePTX(code, 'sm_90').length).toBeGreaterThan(0);
  });
});
