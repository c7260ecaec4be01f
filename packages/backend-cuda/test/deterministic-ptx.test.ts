// A kernel's PTX is the same whatever the process compiled before it: NVPTX numbers call
// sequences (`{ // callseq N, 0`) per target machine, across every module it emits.
import {
  compileJob,
  createCompiler,
  createJob,
  type KernelType,
  parseType,
  sourceFromText,
} from '@gpuc/core';
import { describe, expect, it } from 'vitest';
import { CudaPlugin } from '../src/index.js';

const compiler = createCompiler().use(new CudaPlugin());

/** PTX compiled afresh (not from the memory cache). */
function ptx(text: string, type: string): string {
  const job = createJob(
    sourceFromText(text, 'calls.js'),
    [parseType(type) as KernelType],
    compiler.target('cuda'),
  );
  return compileJob(compiler, job, { kind: 'assembly', memory: false }).output as string;
}

describe('PTX', () => {
  it('numbers call sequences from 0 in each module, however many were emitted before', () => {
    // f64 sin calls libdevice's slow path for large arguments: one call sequence.
    const sin = 'function k(x) { const i = gpu.globalIdx.x; x[i] = Math.sin(x[i]); }';
    const first = ptx(sin, 'f64[]');
    expect(first).toContain('{ // callseq 0, 0');
    ptx('function k(x) { const i = gpu.globalIdx.x; x[i] = Math.cos(x[i]) + Math.tan(x[i]); }', 'f64[]');
    expect(ptx(sin, 'f64[]')).toBe(first);
  });
});
