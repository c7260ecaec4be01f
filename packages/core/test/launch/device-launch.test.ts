// A GPU launch's geometry as `prepareDeviceLaunch` makes it, over a back-end whose loaded kernel
// is a stand-in with a thread limit (the native target compiles it: no device is needed).
import { describe, expect, it } from 'vitest';
import { DeviceKernels, type NamedKernel, prepareDeviceLaunch } from '../../src/entry/launch.js';

/** A loaded kernel that knows only the most threads its blocks may have. */
interface Limited extends NamedKernel {
  readonly limit: number;
}

const kernel = {
  text: 'function fill(x, n) { const i = gpu.globalIdx.x; if (i < n) x[i] = 1; }',
  file: 'fill.js',
};

/** A back-end loading every kernel with the thread limit `limit`, which it tells as `maxBlock` or not. */
function backend(limit: number, tells: boolean): DeviceKernels<Limited, string> {
  return new DeviceKernels<Limited, string>({
    target: 'native',
    kind: 'ir',
    plugin: () => ({ name: 'none', apply() {} }),
    defaultDevice: () => 'stand-in',
    deviceKey: (device) => device ?? '',
    load: () => ({ limit }),
    ...(tells ? { maxBlock: (loaded: Limited) => loaded.limit } : {}),
  });
}

const geometry = (kernels: DeviceKernels<Limited, string>, launch: object, suggested?: number) => {
  const { grid, block } = prepareDeviceLaunch(
    kernels,
    kernel,
    launch as { size: number },
    [new Float32Array(4), 4],
    // Left out, the back-end's sized block.
    suggested === undefined ? undefined : () => suggested,
  );
  return { grid, block };
};

describe('a sized GPU launch', () => {
  it("takes blocks of 256 threads, or of the kernel's limit where that is fewer", () => {
    expect(geometry(backend(64, true), { size: 1000 })).toEqual({ grid: 16, block: 64 });
    expect(geometry(backend(1024, true), { size: 1000 })).toEqual({ grid: 4, block: 256 });
    expect(geometry(backend(100, true), { size: 1000 })).toEqual({ grid: 10, block: 100 });
  });

  it('takes blocks of 256 threads where the back-end tells no limit', () => {
    expect(geometry(backend(64, false), { size: 1000 })).toEqual({ grid: 4, block: 256 });
  });

  it('takes no more threads a block than the size needs, rounded up to a warp', () => {
    expect(geometry(backend(1024, true), { size: 40 })).toEqual({ grid: 1, block: 64 });
  });

  it('takes the block the back-end suggests for the kernel where it gives one', () => {
    expect(geometry(backend(64, true), { size: 1000 }, 96)).toEqual({ grid: 11, block: 96 });
  });

  it('leaves a given grid and block as they are', () => {
    expect(geometry(backend(64, true), { grid: 3, block: 512 })).toEqual({ grid: 3, block: 512 });
  });
});
