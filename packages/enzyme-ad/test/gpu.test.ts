import { hasCudaDevice } from '@gpuc/backend-cuda';
import { describe, expect, it } from 'vitest';
import { CASES } from '../corpus/cases.js';
import { cudaExecutor } from '../corpus/executors.js';
import { runCase, tolerances } from '../corpus/harness.js';
import { OUTSIDE } from '../corpus/outside.js';

// On a machine with an NVIDIA GPU: the corpus and the outside round inside CUDA kernels
// (scripts/gpu-check.ts runs the same on the lent GPU machine and records it).
describe.skipIf(!hasCudaDevice())('the AD corpus on the GPU', () => {
  for (const c of [...CASES, ...OUTSIDE]) {
    for (const mode of ['reverse', 'forward'] as const) {
      it(`${c.name} (${mode})`, async () => {
        const report = await runCase(c, mode, cudaExecutor, 256);
        const limits = tolerances(c);
        if (report.analyticError !== undefined)
          expect(report.analyticError).toBeLessThanOrEqual(limits.analytic);
        expect(report.differenceError).toBeLessThanOrEqual(limits.differences);
      });
    }
  }
});
