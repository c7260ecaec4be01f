// Which integers get a -0 flag in the IR before optimisation: only those a conversion to a float
// may read, so that loop counters and indices cost the optimiser nothing.
import { describe, expect, it } from 'vitest';
import {
  compileJob,
  createCompiler,
  createJob,
  type KernelType,
  parseType,
  sourceFromText,
} from '../../src/index.js';

const compiler = createCompiler();

/** The IR before optimisation of the functions generated from a kernel's source (those with debug info). */
function unoptimized(text: string, types: string[]): string {
  const job = createJob(
    sourceFromText(text, 'flags.js'),
    types.map((t) => parseType(t) as KernelType),
    compiler.target('native'),
  );
  const ir =
    compileJob(compiler, job, { kind: 'object', keepUnoptimized: true, memory: false }).unoptimizedIR ?? '';
  const generated = ir.match(/^define [^\n]*!dbg [^\n]*\{\n(?:[^\n]*\n)*?\}$/gm) ?? [];
  expect(generated).not.toHaveLength(0);
  return generated.join('\n');
}

describe('-0 flags', () => {
  it('are not made for integers used only as counters, indices and in comparisons', () => {
    const ir = unoptimized(
      `function k(x, y, n) {
  const i = gpu.globalIdx.x;
  for (let k = 0; k < 8; k++) y[(i * 8 + k) % n] = x[(i - k * 3) % n] * 2;
}`,
      ['f32[]', 'f32[]', 'i32'],
    );
    expect(ir).toContain('srem');
    expect(ir).not.toMatch(/phi i1|xor i1|or i1/);
  });

  it('are made for an integer converted to a float, through the phis and sums it comes from', () => {
    const ir = unoptimized(
      `function k(y, n) {
  let z = 0;
  for (let k = 0; k < n; k++) z = -z - k;
  y[0] = 1 / z;
}`,
      ['f64[]', 'i32'],
    );
    expect(ir).toMatch(/phi i1/);
    expect(ir).toMatch(/select i1 %\d+, double -0\.0/);
  });
});
