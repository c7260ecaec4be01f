// A CUDA module is unloaded once nothing can launch it (collected: no kernel of it held, no
// asynchronous launch of it waiting), at the device's next wait and after the whole device has
// finished, never from the finalizer itself. The driver is faked: what is checked is which
// driver calls gpuc makes, and when (the GPU suite checks it on a device).
import { describe, expect, it, vi } from 'vitest';
import { collect } from '../../core/test/collect.js';

const calls: string[] = [];
let modules = 0;
vi.mock('../src/driver/api.js', async (original) => ({
  ...(await original<typeof import('../src/driver/api.js')>()),
  call: (name: string, ...args: unknown[]) => {
    if (name === 'cuModuleLoadData') (args[0] as unknown[])[0] = `module-${modules++}`;
    // No global: a module that reads no captured arrays and cannot throw.
    if (name === 'cuModuleGetGlobal') throw new Error('no such global');
    if (name !== 'cuCtxSetCurrent')
      calls.push([name, ...args.filter((a) => typeof a === 'string')].join(' '));
  },
}));

const { CudaDevice } = await import('../src/driver/device.js');
const { CudaModule } = await import('../src/driver/kernel.js');

/** A device object without a driver behind it (its constructor asks the driver). */
function fakeDevice(): import('../src/driver/device.js').CudaDevice {
  return Object.assign(Object.create(CudaDevice.prototype), {
    collected: [],
    retired: [],
    context: 'context',
  });
}

describe('CUDA modules', () => {
  it('unload once collected, at the next wait for the device, after the whole device has finished', async () => {
    const device = fakeDevice();
    const held = new CudaModule(device, Buffer.from('cubin')).kernel('k', []);
    (() => new CudaModule(device, Buffer.from('cubin')).kernel('k', []))();
    await collect();
    // Queued, not unloaded by the finalizer: a kernel of it may still run on some stream.
    expect([device.pendingFrees, calls.filter((c) => c.startsWith('cuModuleUnload'))]).toEqual([1, []]);
    calls.length = 0;
    // A stream's wait, or an asynchronous launch's: the whole device first.
    device.freeCollected();
    expect(calls).toEqual(['cuCtxSynchronize', 'cuModuleUnload module-1']);
    expect(device.pendingFrees).toBe(0);
    // The module of a kernel held stays loaded.
    calls.length = 0;
    await collect();
    device.synchronize();
    expect(calls).toEqual(['cuCtxSynchronize']);
    expect(held.module.handle).toBe('module-0');
  });
});
