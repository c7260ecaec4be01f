// gpu.unroll(k) and gpu.unroll(): a statement before a loop that asks LLVM to unroll it (loop
// metadata on its back edge); JavaScript runs the loop as written. Misplaced: a coded error there.
import { describe, expect, it } from 'vitest';
import {
  CompileError,
  compileJob,
  createCompiler,
  createJob,
  inferKernel,
  type KernelType,
  launchNative,
  parseType,
  runReference,
  sourceFromText,
} from '../../src/index.js';

/** The error a kernel given as text is refused with. */
function refusal(text: string): CompileError {
  try {
    inferKernel(sourceFromText(text, 'hints.js'), { types: ['f32[]', 'i32'] });
  } catch (error) {
    if (error instanceof CompileError) return error;
    throw error;
  }
  throw new Error('the kernel compiled');
}

/** The module's IR at O0 (the hint's metadata as generated). */
function unoptimised(text: string): string {
  const compiler = createCompiler();
  const job = createJob(
    sourceFromText(text, 'hints.js'),
    ['f32[]', 'i32'].map((t) => parseType(t) as KernelType),
    compiler.target('native'),
    { config: { optLevel: 0 } },
  );
  return compileJob(compiler, job, { kind: 'ir' }).output as string;
}

describe('gpu.unroll', () => {
  it('puts unroll.count or unroll.full on the loop after it, for, while and do-while', () => {
    const ir = unoptimised(`function k(x, n) {
  gpu.unroll(4);
  for (let i = 0; i < n; i++) x[i] += 1;
  let j = 0;
  gpu.unroll();
  while (j < 8) { x[j] *= 2; j++; }
  gpu.unroll(2);
  outer: do { j--; if (j === 3) continue outer; x[j] -= 1; } while (j > 0);
  for (let i = 0; i < n; i++) x[i] += 2;
}`);
    expect(ir).toMatch(/!\{!"llvm\.loop\.unroll\.count", i32 4\}/);
    expect(ir).toMatch(/!\{!"llvm\.loop\.unroll\.full"\}/);
    expect(ir).toMatch(/!\{!"llvm\.loop\.unroll\.count", i32 2\}/);
    // Three loop IDs, each its own first operand (what LLVM reads as a loop ID); the last loop
    // has none (the native target inlines the kernel twice, each copy keeping its loops' IDs).
    const ids = [...ir.matchAll(/^(!\d+) = distinct !\{(!\d+), !\d+\}$/gm)];
    expect(ids.map(([, id, self]) => id === self)).toEqual([true, true, true]);
    const hinted = new Set([...ir.matchAll(/^\s*br [^\n]*!llvm\.loop (!\d+)/gm)].map(([, id]) => id));
    expect(hinted.size).toBe(3);
  });

  it('runs the loop as written, natively and as JavaScript', () => {
    const text = `function k(x, n) {
  const i = gpu.globalIdx.x;
  let s = 0;
  gpu.unroll(3);
  for (let j = 0; j < n; j++) s += j * x[i];
  x[i] = s;
}`;
    const native = Float32Array.from([1, 2, 3, 4]);
    const reference = Float32Array.from(native);
    launchNative({ text, file: 'hints.js' }, { grid: 1, block: 4 }, native, 7);
    runReference({ text, file: 'hints.js' }, { grid: 1, block: 4 }, [reference, 7]);
    expect(Array.from(native)).toEqual(Array.from(reference));
    expect(Array.from(native)).toEqual([21, 42, 63, 84]);
  });

  it('is refused where no loop follows, at the hint', () => {
    const error = refusal('function k(x, n) {\n  gpu.unroll(2);\n  x[0] = 1;\n}');
    expect(error.code).toBe('unsupported');
    expect(error.location).toMatchObject({ line: 2, column: 3 });
    expect(error.message).toMatch(/immediately before a for, while or do-while loop/);
    expect(refusal('function k(x, n) {\n  for (;;) break;\n  gpu.unroll();\n}').location.line).toBe(3);
  });

  it('is refused inside an expression or as a lone statement of an if', () => {
    expect(refusal('function k(x, n) {\n  x[0] = gpu.unroll(2);\n}').location).toMatchObject({
      line: 2,
      column: 10,
    });
    const lone = refusal('function k(x, n) {\n  if (n) gpu.unroll();\n  for (;;) break;\n}');
    expect(lone.code).toBe('unsupported');
    expect(lone.location.line).toBe(2);
  });

  it('takes a positive integer literal, or nothing', () => {
    for (const arg of ['n', '0', '2.5', '2, 3']) {
      const error = refusal(`function k(x, n) {\n  gpu.unroll(${arg});\n  for (;;) break;\n}`);
      expect(error.code).toBe('not-constant');
      expect(error.location.line).toBe(2);
    }
  });
});
