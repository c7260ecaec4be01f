import { expect, it } from 'vitest';
import { fuzz } from '../src/fuzz.js';
import { formatReport } from '../src/report.js';

// The CI slice: a fixed seed, so the same few hundred kernels every run. Every one must match
// plain JavaScript (or a documented divergence) on the reference runner and natively, and
// compile to PTX that ptxas accepts; a failure prints its kernel shrunk to a minimal one.
it('a fixed-seed slice of 200 random kernels agrees with JavaScript everywhere', async () => {
  const report = await fuzz({
    seed: 20261206,
    count: 200,
    backends: ['reference', 'native', 'ptx'],
    shrinkBudget: 1,
  });
  expect(report.kernels).toBe(200);
  expect(report.failures, formatReport(report)).toBe(0);
});
