// A kernel's PTX is the same whatever the process compiled before it: NVPTX numbers call
// sequences (`{ // callseq N, 0`) per target machine, across every module it emits.
import { describe, expect, it } from 'vitest';
import { ptx } from './helpers.js';

/** PTX compiled afresh (not from the memory cache), under one file name (PTX names it). */
const afresh = (text: string) => ptx(text, ['f64[]'], { file: 'calls.js', memory: false });

describe('PTX', () => {
  it('numbers call sequences from 0 in each module, however many were emitted before', () => {
    // f64 sin calls libdevice's slow path for large arguments: one call sequence.
    const sin = 'function k(x) { const i = gpu.globalIdx.x; x[i] = Math.sin(x[i]); }';
    const first = afresh(sin);
    expect(first).toContain('{ // callseq 0, 0');
    afresh('function k(x) { const i = gpu.globalIdx.x; x[i] = Math.cos(x[i]) + Math.tan(x[i]); }');
    expect(afresh(sin)).toBe(first);
  });
});
