import { hasWebGPU, releaseWebGPU } from '@gpuc/backend-webgpu';
import fc from 'fast-check';
import { afterAll, expect, it } from 'vitest';
import { fuzz, tapes } from '../src/fuzz.js';
import { generate } from '../src/generate.js';
import { formatReport } from '../src/report.js';

const available = await hasWebGPU();
afterAll(releaseWebGPU);

// WebGPU's slice: kernels of the wgsl profile (what WGSL expresses) through lavapipe or a GPU,
// every one matching plain JavaScript, a documented divergence or a coded refusal; a failure
// prints its kernel shrunk to a minimal one. Skipped where there is no WebGPU adapter.
it.skipIf(!available)(
  'a fixed-seed slice of random WGSL-profile kernels agrees with JavaScript on WebGPU',
  async () => {
    const report = await fuzz({
      seed: 20261207,
      count: 60,
      backends: ['reference', 'webgpu'],
      shrinkBudget: 1,
    });
    expect(report.profile).toBe('wgsl');
    expect(report.failures, formatReport(report)).toBe(0);
    // Most kernels run there: what WGSL lacks is not generated.
    const webgpu = report.backends.webgpu;
    expect((webgpu?.match ?? 0) + (webgpu?.documented ?? 0), formatReport(report)).toBeGreaterThan(50);
  },
);

it('writes no type WGSL lacks in the wgsl profile, and the whole language in the default one', () => {
  const sample = fc.sample(tapes, { seed: 3, numRuns: 300 });
  const types = (profile: 'default' | 'wgsl') =>
    new Set<string>(
      sample.flatMap((tape) => {
        const c = generate(tape, profile);
        return [...c.params, ...(c.captured ?? [])].flatMap((p): string[] =>
          'type' in p ? [p.type] : 'types' in p ? [...p.types] : [],
        );
      }),
    );
  const wgsl = types('wgsl');
  for (const t of ['f64', 'i8', 'u8', 'i16', 'u16']) expect(wgsl.has(t), t).toBe(false);
  for (const t of ['f32', 'i32', 'u32', 'bool', 'i64', 'f16']) expect(wgsl.has(t), t).toBe(true);
  expect(types('default').has('f64')).toBe(true);
  // No f64 literal, typed array or conversion in the kernels' text either.
  const texts = sample.map((tape) => generate(tape, 'wgsl').source).join('\n');
  expect(texts).not.toMatch(/Float64Array|Int8Array|Uint8Array|Int16Array|Uint16Array|\bf64\(/);
});
