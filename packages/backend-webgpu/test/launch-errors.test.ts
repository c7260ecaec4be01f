// WebGPU launches a new user gets wrong, refused with a code as the other runners refuse them
// (docs/language.md, "Launches"), and views JavaScript allows, run.
import { afterAll, describe, expect, it } from 'vitest';
import { hasWebGPU, launchWebGPU, releaseWebGPU, webgpuDevice } from '../src/index.js';
import { kernel } from './both.js';

const available = await hasWebGPU();
afterAll(releaseWebGPU);

const fill = kernel(`function fill(x, n) {
  const i = gpu.globalIdx.x;
  if (i < n) x[i] = i + 1;
}`);
const one = { grid: 1, block: 4 };

/** The error a launch rejects with (failing the test when it resolves). */
async function rejection(launch: Promise<void>): Promise<Error & { code?: string }> {
  return launch.then(
    () => {
      throw new Error('the launch resolved');
    },
    (error: Error) => error,
  );
}

describe.skipIf(!available)('WebGPU launches', () => {
  it('run an array over a SharedArrayBuffer, as JavaScript would', async () => {
    const shared = new Float32Array(new SharedArrayBuffer(16));
    await launchWebGPU(fill, one, shared, 4);
    expect([...shared]).toEqual([1, 2, 3, 4]);
  });

  it('refuse a launch that is no object, a scope that is none, and a bad size, as bad-launch', async () => {
    for (const [launch, message] of [
      [null, /a launch is an object/],
      [5, /a launch is an object/],
      [{ ...one, scope: 5 }, /scope is an object/],
      [{ size: 0 }, /size must be a positive integer/],
      [{ size: 4, block: 4 }, /either size or a grid and a block/],
    ] as const) {
      const error = await rejection(launchWebGPU(fill, launch as never, new Float32Array(4), 4));
      expect(error.code).toBe('bad-launch');
      expect(error.message).toMatch(message);
    }
  });

  it('refuse an array past the device binding limit before encoding, naming the argument', async () => {
    const device = (await webgpuDevice()) as GPUDevice;
    const most = device.limits.maxStorageBufferBindingSize;
    const error = await rejection(launchWebGPU(fill, one, new Float32Array(most / 4 + 1), 4));
    expect(error.code).toBe('bad-launch');
    expect(error.message).toBe(
      `gpuc: kernel 'fill': argument 1 takes ${most + 4} bytes on the device; this WebGPU device binds at most ${most} bytes of an array (maxStorageBufferBindingSize) [bad-launch]`,
    );
  });
});
