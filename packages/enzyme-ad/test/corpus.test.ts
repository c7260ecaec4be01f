import { describe, expect, it } from 'vitest';
import { CASES } from '../corpus/cases.js';
import { nativeExecutor, referenceExecutor } from '../corpus/executors.js';
import { type Mode, runCase, tolerances } from '../corpus/harness.js';

const MODES: readonly Mode[] = ['reverse', 'forward', 'primal'];

describe('the AD corpus', () => {
  it('has at least 30 functions and every Math function with a derivative', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(30);
    const text = CASES.map((c) => c.fn.toString()).join('\n');
    for (const name of [
      'sqrt',
      'cbrt',
      'exp',
      'expm1',
      'log',
      'log1p',
      'log2',
      'log10',
      'sin',
      'cos',
      'tan',
      'asin',
      'acos',
      'atan',
      'sinh',
      'cosh',
      'tanh',
      'asinh',
      'acosh',
      'atanh',
      'atan2',
      'pow',
      'abs',
      'min',
      'max',
      'hypot',
      'fround',
      'floor',
      'ceil',
      'round',
      'trunc',
      'sign',
    ])
      expect(text, `Math.${name}`).toMatch(new RegExp(`Math\\.${name}\\(`));
  });

  for (const executor of [nativeExecutor, referenceExecutor]) {
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
});
