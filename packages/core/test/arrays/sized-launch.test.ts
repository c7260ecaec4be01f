import { describe, expect, it } from 'vitest';
import { sizedGeometry } from '../../src/entry/launch.js';
import { gpu, LaunchError, launchNative, launchNativeAsync, runReference } from '../../src/index.js';

function fill(out: Int32Array, n: number) {
  const i = gpu.globalIdx.x;
  if (i < n) out[i] = i * 2;
}

function blockOf(out: Int32Array) {
  if (gpu.globalIdx.x === 0) {
    out[0] = gpu.blockDim.x;
    out[1] = gpu.gridDim.x;
  }
}

describe('launches by thread count ({ size })', () => {
  it('covers every index natively, synchronously and asynchronously', async () => {
    for (const n of [1, 31, 256, 1000, 70_001]) {
      const out = new Int32Array(n).fill(-1);
      launchNative(fill, { size: n }, out, n);
      expect(out.every((v, i) => v === i * 2)).toBe(true);
    }
    const out = new Int32Array(5000);
    await launchNativeAsync(fill, { size: 5000 }, out, 5000);
    expect(out[4999]).toBe(9998);
  });

  it('covers every index on the reference runner, in the blocks the native launch takes', () => {
    const out = new Int32Array(700).fill(-1);
    runReference(fill, { size: 700 }, [out, 700]);
    expect(out.every((v, i) => v === i * 2)).toBe(true);
    const geometry = new Int32Array(2);
    runReference(blockOf, { size: 1000 }, [geometry]);
    expect(Array.from(geometry)).toEqual([256, 4]);
  });

  it('picks blocks of 256 natively, no larger than the size needs in whole warps', () => {
    const geometry = new Int32Array(2);
    launchNative(blockOf, { size: 1000 }, geometry);
    expect(Array.from(geometry)).toEqual([256, 4]);
    launchNative(blockOf, { size: 40 }, geometry);
    expect(Array.from(geometry)).toEqual([64, 1]);
  });

  it('refuses a size that is no positive integer, and a size with a grid, as bad-launch', () => {
    for (const size of [0, -1, 1.5, Number.NaN, 2 ** 31, '4' as unknown as number])
      expect(() => launchNative(blockOf, { size }, new Int32Array(2))).toThrow(
        expect.objectContaining({
          code: 'bad-launch',
          message: expect.stringMatching(/size must be a positive integer/),
        }),
      );
    expect(() => sizedGeometry({ size: 4, grid: 1 } as never, 256)).toThrow(LaunchError);
  });
});
