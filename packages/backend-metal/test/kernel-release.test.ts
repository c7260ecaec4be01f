// A loaded Metal library and kernel pipeline are released once nothing holds them (the
// loaded-kernel caches drop kernels past their limit), and once only where released by hand.
// The Objective-C runtime is faked: what is checked is which objects gpuc releases, and when.
// No Apple device ran this (there is none here): the release calls themselves are unexercised.
import { describe, expect, it, vi } from 'vitest';
import { collect } from '../../core/test/collect.js';

const released: string[] = [];
let objects = 0;
/** A fake object: a name the release calls record. */
const made = (kind: string) => ({ id: `${kind}${++objects}` });

vi.mock('../src/metal/objc.js', async (original) => ({
  ...(await original<typeof import('../src/metal/objc.js')>()),
  objc: () => ({
    sel: (name: string) => name,
    withPool: <T>(body: () => T) => body(),
    dispatchData: () => made('data'),
    dispatchRelease: () => {},
    nsString: (text: string) => text,
    errorText: () => '',
    release: (object: { id: string }) => released.push(object.id),
    msg: {
      // newLibraryWithData:error: and newComputePipelineStateWithFunction:error:
      idWithIdError: (_: unknown, selector: string) =>
        made(selector.startsWith('newLibrary') ? 'library' : 'pipeline'),
      idWithId: () => made('function'),
      u64: () => 256n,
    },
  }),
}));

const { MetalDevice } = await import('../src/metal/device.js');
const { MetalLibrary } = await import('../src/metal/kernel.js');
type Kernel = import('../src/metal/kernel.js').MetalKernel;

/** A device object without Metal behind it (its constructor asks Metal). */
const device: import('../src/metal/device.js').MetalDevice = Object.assign(
  Object.create(MetalDevice.prototype),
  {
    handle: made('device'),
    name: 'fake',
  },
);
const kernelInterface = {
  entry: 'k',
  arguments: 0,
  status: 0,
  heap: null,
  threadgroupMemory: null,
  strings: [],
};

/** A kernel loaded as the launch layer loads one: a library per kernel. */
const load = (): Kernel => new MetalLibrary(device, new Uint8Array(8)).kernel(kernelInterface as never, []);

describe('Metal libraries and pipelines', () => {
  it('are released once collected, the function made for the pipeline at once', async () => {
    released.length = 0;
    (() => load())();
    // The function object goes back as soon as the pipeline is made.
    expect(released.filter((r) => r.startsWith('function'))).toHaveLength(1);
    await collect();
    expect(released.map((r) => r.replace(/\d+$/, '')).sort()).toEqual(['function', 'library', 'pipeline']);
  });

  it('are released once where released by hand, not again once collected', async () => {
    released.length = 0;
    let held: Kernel | undefined = load();
    const { library, pipeline } = held as Kernel & { pipeline: { id: string } };
    held.release();
    library.release();
    library.release();
    held.release();
    const byHand = [...released];
    expect(byHand.filter((r) => !r.startsWith('function'))).toEqual([
      pipeline.id,
      (library.handle as unknown as { id: string }).id,
    ]);
    held = undefined;
    await collect();
    expect(released).toEqual(byHand);
  });

  it('stay while a kernel is held', async () => {
    released.length = 0;
    const held = load();
    await collect();
    expect(released.filter((r) => !r.startsWith('function'))).toEqual([]);
    expect(held.name).toBe('k');
  });
});
