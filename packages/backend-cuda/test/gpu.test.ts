import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { hasCudaDevice, launchCuda } from '../src/index.js';
import { gpuChecks } from './gpu/suite.js';

// On a machine without an NVIDIA GPU (CI) these skip; scripts/gpu-check.ts runs the same checks
// on a lent GPU machine.
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const printer = [
  process.execPath,
  '--conditions=source',
  '--import',
  tsx,
  join(import.meta.dirname, 'gpu', 'print.ts'),
];

describe.skipIf(!hasCudaDevice())('on an NVIDIA GPU', () => {
  it.each(gpuChecks(printer).map((c) => [c.name, c] as const))(
    '%s',
    async (_, check) => {
      await expect(Promise.resolve(check.run())).resolves.toBeTypeOf('string');
    },
    120_000,
  );
});

describe.skipIf(hasCudaDevice())('without an NVIDIA GPU', () => {
  it('says so clearly when asked to launch', () => {
    expect(() =>
      launchCuda(
        { text: 'function k(x) { x[0] = 1; }', file: 'k.js' },
        { grid: 1, block: 1 },
        new Float32Array(1),
      ),
    ).toThrow(/the CUDA driver \(libcuda\.so\.1\) could not be loaded; is the NVIDIA driver installed\?/);
  });
});
