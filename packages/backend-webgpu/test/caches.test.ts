// The WebGPU caches are bounded: past the `kernels` cache limit (core's setCacheLimits), the least
// recently launched pipelines and compiled modules are dropped, and launches stay right; the
// deprecated keepKernels sets that limit. Skipped without an adapter.
import { cacheLimits, setCacheLimits } from '@gpuc/core';
import { afterAll, describe, expect, it } from 'vitest';
import {
  cachedPipelines,
  hasWebGPU,
  keepKernels,
  keptKernels,
  launchWebGPU,
  releaseWebGPU,
  webgpuDevice,
} from '../src/index.js';
import { kernel } from './both.js';

const available = await hasWebGPU();
afterAll(releaseWebGPU);

/** A kernel of its own for each k (a distinct module, so a distinct pipeline). */
const adding = (k: number) =>
  kernel(`function add${k}(x, n) { const i = gpu.globalIdx.x; if (i < n) x[i] += ${k}; }`);

describe.skipIf(!available)('bounded caches', () => {
  it('keeps at most the kernels limit of pipelines a device, and launches stay right past it', async () => {
    const device = (await webgpuDevice()) as GPUDevice;
    const before = cacheLimits().kernels;
    try {
      setCacheLimits({ kernels: 3 });
      const run = async (k: number) => {
        const x = new Int32Array(40).fill(1);
        await launchWebGPU(adding(k), { grid: 2, block: 32 }, x, 40);
        expect(Array.from(x)).toEqual(Array.from({ length: 40 }, () => 1 + k));
      };
      for (let k = 0; k < 8; k++) {
        await run(k);
        expect(cachedPipelines(device)).toBeLessThanOrEqual(3);
      }
      expect(cachedPipelines(device)).toBe(3);
      // The first, long dropped, is made again; launches in flight together each keep their own.
      await Promise.all([0, 5, 6, 7, 1].map(run));
      expect(cachedPipelines(device)).toBe(3);
      // The deprecated keepKernels sets the same limit.
      keepKernels(2);
      expect([cacheLimits().kernels, keptKernels()]).toEqual([2, 2]);
      await run(3);
      expect(cachedPipelines(device)).toBe(1);
    } finally {
      setCacheLimits({ kernels: before });
    }
  });

  it('refuses a bound that is not a positive integer', () => {
    for (const bad of [0, -1, 1.5, Number.NaN]) {
      expect(() => keepKernels(bad)).toThrow(RangeError);
      expect(() => setCacheLimits({ kernels: bad })).toThrow(RangeError);
    }
  });
});
