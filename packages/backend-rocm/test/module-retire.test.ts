// A ROCm module is destroyed once nothing can launch it (collected: no kernel of it held), at a
// wait for a queue once every queue its kernels were dispatched to is idle: never while a
// dispatch of it may still run. The runtime is faked: what is checked is which runtime calls gpuc
// makes, and when (the GPU checks run it on a device).
import { describe, expect, it, vi } from 'vitest';
import { collect } from '../../core/test/collect.js';

const calls: string[] = [];
let handles = 0;
vi.mock('../src/hsa/api.js', async (original) => ({
  ...(await original<typeof import('../src/hsa/api.js')>()),
  call: (name: string, ...args: unknown[]) => {
    const out = args.at(-1) as { handle?: number } | null;
    if (name.endsWith('_create_from_memory') || name.endsWith('_create_alt'))
      (out as { handle: number }).handle = ++handles;
    calls.push(
      [
        name,
        ...args.flatMap((a) =>
          typeof (a as { handle?: unknown })?.handle === 'bigint'
            ? [String((a as { handle: bigint }).handle)]
            : [],
        ),
      ].join(' '),
    );
  },
  // No symbol: a code object that cannot throw.
  invoke: () => 1,
}));

const { RocmDevice } = await import('../src/hsa/device.js');
const { RocmModule } = await import('../src/hsa/kernel.js');
type Queue = import('../src/hsa/queue.js').RocmQueue;

const destroyed = () => calls.filter((c) => c.includes('_destroy'));

describe('ROCm modules', () => {
  it('are destroyed once collected, at a wait, once every queue they were dispatched to is idle', async () => {
    // A device object without a runtime behind it (its constructor asks the runtime).
    const device: import('../src/hsa/device.js').RocmDevice = Object.assign(
      Object.create(RocmDevice.prototype),
      {
        retired: [],
      },
    );
    const busy = { idle: false } as { idle: boolean } & Queue;
    let held: InstanceType<typeof RocmModule> | undefined = new RocmModule(device, new Uint8Array(8));
    (() => new RocmModule(device, new Uint8Array(8)).dispatchedTo(busy))();
    await collect();
    // Queued, not destroyed by the finalizer; a wait while its queue still runs keeps it.
    expect([device.pendingRetirements, destroyed()]).toEqual([1, []]);
    device.destroyRetired();
    expect([device.pendingRetirements, destroyed()]).toEqual([1, []]);
    busy.idle = true;
    device.destroyRetired();
    expect(destroyed()).toEqual(['hsa_executable_destroy 4', 'hsa_code_object_reader_destroy 3']);
    expect(device.pendingRetirements).toBe(0);
    // The module held stays; destroyed by hand, it is not destroyed again once collected.
    calls.length = 0;
    held.destroy();
    expect(destroyed()).toEqual(['hsa_executable_destroy 2', 'hsa_code_object_reader_destroy 1']);
    held = undefined;
    await collect();
    expect(device.pendingRetirements).toBe(0);
  });
});
