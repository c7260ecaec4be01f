import { describe, expect, it } from 'vitest';
import { CASES } from '../corpus/cases.js';
import { deviceMathExecutor, nativeExecutor, referenceExecutor } from '../corpus/executors.js';
import { caseKernel, handKernel, type Mode, runCase, tolerances } from '../corpus/harness.js';
import { MATH_DERIVATIVES } from '../src/derive/partials.js';

const MODES: readonly Mode[] = ['reverse', 'forward', 'primal'];

describe('the AD corpus', () => {
  it('has at least 30 functions and every Math function with a derivative', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(30);
    expect(MATH_DERIVATIVES.length).toBe(32);
    const text = CASES.map((c) => c.fn.toString()).join('\n');
    for (const name of MATH_DERIVATIVES)
      expect(text, name).toMatch(new RegExp(`${name.replace('.', '\\.')}\\(`));
  });

  for (const executor of [nativeExecutor, referenceExecutor, deviceMathExecutor]) {
    describe(`on ${executor.name}`, () => {
      for (const c of CASES) {
        for (const mode of MODES) {
          it(`${c.name} (${mode})`, async () => {
            const report = await runCase(c, mode, executor);
            const limits = tolerances(c);
            if (report.analyticError !== undefined)
              expect(report.analyticError, 'against the analytic derivative').toBeLessThanOrEqual(
                limits.analytic,
              );
            expect(report.differenceError, 'against finite differences').toBeLessThanOrEqual(
              limits.differences,
            );
            if (!(c.kind === 'scalar' && c.differences === false))
              expect(report.skipped, 'points next to a jump').toBeLessThan(8);
          });
        }
      }
    });
  }

  // The slices' length as a kernel argument: f's loops over a slice have trip counts known only
  // at run time (taped loops then keep their tapes in memory, unrolled by 16 with a remainder).
  describe(`on ${nativeExecutor.name}, the length at run time`, () => {
    for (const c of CASES) {
      if (c.kind === 'scalar') continue;
      for (const mode of ['reverse', 'forward'] as const) {
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
    }
  });

  // Map outputs passed as DuplicatedNoNeed (bench/ad --no-need): the same derivatives.
  for (const executor of [nativeExecutor, referenceExecutor]) {
    for (const c of CASES) {
      if (c.kind !== 'map' || c.inPlace) continue;
      for (const mode of ['reverse', 'forward'] as const) {
        it(`${c.name} (${mode}, y DuplicatedNoNeed) on ${executor.name}`, async () => {
          const report = await runCase(c, mode, executor, 32, caseKernel(c, mode, 32, { noNeed: true }));
          if (report.analyticError !== undefined)
            expect(report.analyticError).toBeLessThanOrEqual(tolerances(c).analytic);
          expect(report.differenceError).toBeLessThanOrEqual(tolerances(c).differences);
        });
      }
    }
  }

  // bench/ad's yardsticks: reverse kernels written by hand must compute what AD's do.
  for (const executor of [nativeExecutor, referenceExecutor]) {
    for (const c of CASES) {
      for (const noNeed of [false, true]) {
        const kernel = handKernel(c, 32, noNeed);
        if (!kernel) continue;
        it(`${c.name} (reverse, by hand${noNeed ? ', y not written' : ''}) on ${executor.name}`, async () => {
          const report = await runCase(c, 'reverse', executor, 32, kernel);
          expect(report.analyticError ?? Number.NaN).toBeLessThanOrEqual(tolerances(c).analytic);
          expect(report.differenceError).toBeLessThanOrEqual(tolerances(c).differences);
        });
      }
    }
  }

  // The library's f32 functions (Metal's, ROCm's): each Math function's f32 case, derived by its rule.
  describe(`on ${deviceMathExecutor.name}, in f32`, () => {
    for (const c of CASES) {
      if (c.kind !== 'scalar' || c.f32 || !c.name.startsWith('math-')) continue;
      const single = { ...c, name: `${c.name}-f32`, f32: true };
      for (const mode of ['reverse', 'forward'] as const) {
        it(`${single.name} (${mode})`, async () => {
          const report = await runCase(single, mode, deviceMathExecutor);
          const limits = tolerances(single);
          expect(report.analyticError, 'against the analytic derivative').toBeLessThanOrEqual(
            limits.analytic,
          );
          expect(report.differenceError, 'against finite differences').toBeLessThanOrEqual(
            limits.differences,
          );
        });
      }
    }
  });
});
