// The first round of functions written apart from the corpus (corpus/outside.ts), each
// differentiated in kernels in reverse and forward mode on the native target and the reference
// runner, checked against central differences of the JavaScript function and the derivative
// written by hand where there is one, and compiled to PTX that ptxas assembles.
import { assemblePTX, CudaPlugin, findPtxas } from '@gpuc/backend-cuda';
import {
  compileJob,
  createCompiler,
  createJob,
  type KernelType,
  parseType,
  sourceFromText,
} from '@gpuc/core';
import { describe, expect, it } from 'vitest';
import { nativeExecutor, referenceExecutor } from '../corpus/executors.js';
import { AD_SCOPE, caseKernel, type Mode, runCase, scopeOf, tolerances } from '../corpus/harness.js';
import { KINKS, OUTSIDE } from '../corpus/outside.js';
import { EnzymePlugin } from '../src/index.js';

const MODES: readonly Mode[] = ['reverse', 'forward', 'primal'];

describe('functions written apart from the AD corpus', () => {
  it('are at least 30', () => {
    expect(OUTSIDE.length).toBeGreaterThanOrEqual(30);
  });

  for (const executor of [nativeExecutor, referenceExecutor]) {
    describe(`on ${executor.name}`, () => {
      for (const c of OUTSIDE) {
        for (const mode of MODES) {
          it(`${c.name} (${mode})`, async () => {
            const report = await runCase(c, mode, executor);
            const limits = tolerances(c);
            if (report.analyticError !== undefined)
              expect(report.analyticError, 'against the derivative by hand').toBeLessThanOrEqual(
                limits.analytic,
              );
            expect(report.differenceError, 'against finite differences').toBeLessThanOrEqual(
              limits.differences,
            );
            expect(report.skipped, 'points next to a jump').toBeLessThan(8);
          });
        }
      }
    });
  }

  // The slices' length a kernel argument: loops over a slice have run-time trip counts.
  describe(`on ${nativeExecutor.name}, the length at run time`, () => {
    for (const c of OUTSIDE) {
      if (c.kind === 'scalar') continue;
      for (const mode of ['reverse', 'forward'] as const)
        it(`${c.name} (${mode})`, async () => {
          const report = await runCase(
            c,
            mode,
            nativeExecutor,
            32,
            caseKernel(c, mode, 32, { lengthAtRunTime: true }),
          );
          if (report.analyticError !== undefined)
            expect(report.analyticError).toBeLessThanOrEqual(tolerances(c).analytic);
          expect(report.differenceError).toBeLessThanOrEqual(tolerances(c).differences);
        });
    }
  });

  // The README's table of derivatives at kinks: reverse mode's gradient, then forward mode's
  // tangent along each argument, at one point.
  for (const executor of [nativeExecutor, referenceExecutor])
    describe(`at kinks, as the README says, on ${executor.name}`, () => {
      for (const { name, fn, at, derivative } of KINKS)
        it(name, async () => {
          const k = at.length;
          const actives = at.map((_, j) => `Active(xs[${j}])`).join(', ');
          const tangent = (j: number) =>
            at.map((_, q) => `Duplicated(xs[${q}], ${q === j ? 1 : 0}.0)`).join(', ');
          const text = `function kinks(out, xs) {
  if (gpu.globalIdx.x === 0) {
    const d = autodiff(Reverse, f, ${actives});
    ${at.map((_, j) => `out[${j}] = d[${j}]; out[${k + j}] = autodiff(Forward, f, ${tangent(j)});`).join('\n    ')}
  }
}`;
          const out = new Float64Array(2 * k);
          await executor.run(
            text,
            `${name}.js`,
            ['f64[]', 'f64[]'],
            { ...AD_SCOPE, f: fn },
            [out, Float64Array.from(at)],
            1,
          );
          expect(Array.from(out)).toEqual([...derivative, ...derivative]);
        });
    });

  describe.skipIf(!findPtxas())('for CUDA', () => {
    const cuda = createCompiler().use(new CudaPlugin(), new EnzymePlugin());
    const types = (names: readonly string[]) => names.map((t) => parseType(t) as KernelType);
    for (const c of OUTSIDE)
      it(`${c.name} compiles to PTX that ptxas assembles for sm_90`, () => {
        for (const mode of ['reverse', 'forward'] as const) {
          const kernel = caseKernel(c, mode, 4);
          const job = createJob(
            sourceFromText(kernel.text, `${c.name}.${mode}.js`),
            types(kernel.types),
            cuda.target('cuda'),
            { scope: scopeOf(c) },
          );
          const ptx = compileJob(cuda, job, { kind: 'assembly' }).output as string;
          expect(assemblePTX(ptx, 'sm_90').length, mode).toBeGreaterThan(0);
        }
      });
  });
});
