/**
 * The Metal host runtime's parts that need no Apple framework, tested for real: argument bytes,
 * the arrays a launch makes resident, host arrays swapped for device ones, launch sizes,
 * threadgroup memory, the status buffer and heap, and the lazy loading that keeps importing the
 * runtime free of Objective-C (and says clearly why there is no Metal off macOS).
 */

import { f32, type KernelType, parseType, show, typeOfValue } from '@gpuc/core';
import { argumentLayout, type DeviceBuffer, koffi, runWithCopies } from '@gpuc/core/host';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  checkThreadgroupMemory,
  DeviceError,
  encodeArguments,
  heapBufferBytes,
  launchGeometry,
  MAX_INLINE_BYTES,
  referencedBuffers,
  resetHeap,
  resetStatus,
  STATUS_BYTES,
  statusError,
  threadgroupMemoryLength,
} from '../src/metal/index.js';
import { HEAP_HEADER_BYTES, STATUS_WORDS } from '../src/metal/interface.js';

const type = (text: string) => parseType(text) as KernelType;
/** A device buffer as a launch sees one: an address and a length. */
const fake = (pointer: bigint, length: number): DeviceBuffer => ({ pointer, length });
const view = (bytes: Uint8Array) => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);

describe('argument bytes', () => {
  it('encodes scalars at their size, one block per buffer index', () => {
    const types = ['i32', 'f32', 'bool', 'i64', 'u8', 'u16'].map(type);
    const blocks = encodeArguments(types, [-5, 1.5, true, -(2n ** 40n), 300, 0x12345]);
    expect(blocks.map((b) => b.index)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(blocks.map((b) => b.size)).toEqual(types.map((t) => argumentLayout(t).size));
    expect(blocks.map((b) => b.size)).toEqual([4, 4, 1, 8, 1, 2]);
    const [i, f, b, l, u, s] = blocks.map((block) => view(block.bytes));
    expect(i?.getInt32(0, true)).toBe(-5);
    expect(f?.getFloat32(0, true)).toBe(1.5);
    expect(b?.getUint8(0)).toBe(1);
    expect(l?.getBigInt64(0, true)).toBe(-(2n ** 40n));
    expect(u?.getUint8(0)).toBe(300 & 0xff);
    expect(s?.getUint16(0, true)).toBe(0x2345);
  });

  it('encodes arrays as a GPU address and a length, views with their extents', () => {
    const a = fake(0x1234_5678_9abcn, 10);
    const [one, two] = encodeArguments([type('f32[]'), type('u32[,]')], [a, { array: a, shape: [3, 4] }]);
    expect(one?.size).toBe(16);
    expect(one?.bytes.length).toBe(argumentLayout(type('f32[]')).size);
    expect(view(one?.bytes as Uint8Array).getBigUint64(0, true)).toBe(0x1234_5678_9abcn);
    expect(view(one?.bytes as Uint8Array).getUint32(8, true)).toBe(10);
    expect(two?.size).toBe(argumentLayout(type('u32[,]')).size);
    expect(two?.size).toBe(24);
    const v = view(two?.bytes as Uint8Array);
    expect([
      v.getBigUint64(0, true),
      v.getUint32(8, true),
      v.getUint32(12, true),
      v.getUint32(16, true),
    ]).toEqual([0x1234_5678_9abcn, 10, 3, 4]);
  });

  it('lays out records and tuples as core does, arrays inside them included', () => {
    const xs = fake(0xdead_beef_0000n, 7);
    const recordType = typeOfValue({ a: f32(1.5), xs: new Float32Array(2) }) as KernelType;
    const tupleType = typeOfValue([f32(1), 2.5]) as KernelType;
    expect(show(recordType)).toBe('{a: f32, xs: f32[]}');
    const [record, tuple] = encodeArguments([recordType, tupleType], [{ a: 2.5, xs }, [3.5, 4.25]]);
    // f32 at 0, then the array (8-aligned) at 8: 24 bytes.
    expect(record?.size).toBe(argumentLayout(recordType).size);
    expect(record?.size).toBe(24);
    const r = view(record?.bytes as Uint8Array);
    expect(r.getFloat32(0, true)).toBe(2.5);
    expect(r.getBigUint64(8, true)).toBe(0xdead_beef_0000n);
    expect(r.getUint32(16, true)).toBe(7);
    // f32 at 0, f64 at 8.
    expect(tuple?.size).toBe(argumentLayout(tupleType).size);
    const t = view(tuple?.bytes as Uint8Array);
    expect([t.getFloat32(0, true), t.getFloat64(8, true)]).toEqual([3.5, 4.25]);
  });

  it('binds four zero bytes for an argument with no run-time content', () => {
    const fn = typeOfValue((x: number) => x) as KernelType;
    const [block] = encodeArguments([fn], [(x: number) => x]);
    expect(block?.size).toBe(0);
    expect([...(block?.bytes ?? [])]).toEqual([0, 0, 0, 0]);
  });

  it('names the argument that does not fit its type, and checks the count', () => {
    expect(() => encodeArguments([type('i32'), type('f32[]')], [1, new Float32Array(2)])).toThrow(
      /argument 2: an array argument must be in device memory, not a Float32Array/,
    );
    expect(() => encodeArguments([type('i32')], [1, 2])).toThrow(/takes 1 arguments, not 2/);
    expect(() => encodeArguments([type('f32[,]')], [{ array: fake(8n, 1), shape: [1] }])).toThrow(
      /argument 1: a 2-dimensional view needs 2 extents, not 1/,
    );
  });

  it('says how many bytes go inline', () => {
    expect(MAX_INLINE_BYTES).toBe(4096);
  });
});

describe('resident arrays', () => {
  it('lists every distinct array an argument references, inside records and tuples too', () => {
    const [a, b, c] = [fake(0x1000n, 1), fake(0x2000n, 2), fake(0x3000n, 3)];
    const recordType = typeOfValue({ xs: new Float32Array(1), ys: new Int32Array(1), n: 1 }) as KernelType;
    const tupleType = typeOfValue([new Float32Array(1), 2]) as KernelType;
    const types = [type('f32[]'), recordType, tupleType, type('i32'), type('f32[,]')];
    const values = [a, { xs: a, ys: b, n: 3 }, [{ array: c, shape: [1] }, 2], 5, { array: b, shape: [1, 2] }];
    expect(referencedBuffers(types, values)).toEqual([a, b, c]);
    expect(referencedBuffers([type('i32')], [1])).toEqual([]);
  });

  it('names the allocation a slice of another array’s copy lives in (overlapping host views)', () => {
    const a = fake(0x1000n, 8);
    const slice = { pointer: 0x1010n, length: 4, within: a };
    expect(referencedBuffers([type('f32[]'), type('f32[]')], [slice, { array: a }])).toEqual([a]);
  });
});

describe('host arrays to device (core runWithCopies)', () => {
  it('uploads each typed array once, keeps views’ shapes, leaves device arrays and scalars, copies back and frees', () => {
    const host = new Float32Array([1, 2, 3]);
    const other = new Int32Array(4);
    const existing = fake(0x9000n, 5);
    const uploads: ArrayBufferView[] = [];
    const events: string[] = [];
    const upload = (h: ArrayBufferView) => {
      uploads.push(h);
      const n = uploads.length;
      return {
        ...fake(BigInt(0x100 * n), (h as Float32Array).length),
        read: () => events.push(`read ${n}`),
        free: () => events.push(`free ${n}`),
      };
    };
    const recordType = typeOfValue({ xs: new Float32Array(1), n: 1 }) as KernelType;
    const types = [type('f32[]'), type('f32[]'), type('i32[,]'), recordType, type('f32[]'), type('i32')];
    const args = [host, host, { data: other, shape: [2, 2] }, { xs: host, n: 7 }, existing, 9];
    let out: unknown[] = [];
    runWithCopies({ name: 'k', argTypes: types }, args, upload, (deviceArgs) => {
      out = deviceArgs;
      events.push('launch');
    });
    expect(uploads).toEqual([host, other]);
    const at = (n: number) => expect.objectContaining({ pointer: BigInt(0x100 * n) });
    expect(out).toEqual([
      { array: at(1) },
      { array: at(1) },
      { array: at(2), shape: [2, 2] },
      { xs: { array: at(1) }, n: 7 },
      existing,
      9,
    ]);
    expect(events).toEqual(['launch', 'read 1', 'read 2', 'free 1', 'free 2']);
    // What comes out encodes: the same bytes as passing the buffers themselves.
    expect(encodeArguments(types, out)[0]?.bytes).toEqual(
      encodeArguments([types[0] as KernelType], [fake(0x100n, 3)])[0]?.bytes,
    );
    // A launch that throws still frees every copy; a wrong argument count is refused first.
    events.length = 0;
    expect(() =>
      runWithCopies({ name: 'k', argTypes: [type('f32[]')] }, [host], upload, () => {
        throw new Error('launch failed');
      }),
    ).toThrow('launch failed');
    expect(events).toEqual([`free ${uploads.length}`]);
    expect(() =>
      runWithCopies({ name: 'k', argTypes: [type('f32[]')] }, [], upload, () => undefined),
    ).toThrow('k takes 1 argument(s), not 0');
  });
});

describe('launch sizes', () => {
  it('takes a grid in threadgroups and a block in threads', () => {
    expect(launchGeometry(4, 256)).toEqual({
      threadgroups: [4, 1, 1],
      threadsPerThreadgroup: [256, 1, 1],
      threadgroupSize: 256,
    });
    expect(launchGeometry([2, 3], [8, 8, 2])).toEqual({
      threadgroups: [2, 3, 1],
      threadsPerThreadgroup: [8, 8, 2],
      threadgroupSize: 128,
    });
  });

  it('refuses zero, fractional and missing extents, naming them', () => {
    expect(() => launchGeometry(0, 32)).toThrow(
      "gpuc: the grid's x extent must be a positive integer up to 2^31 - 1, not 0 [bad-launch]",
    );
    expect(() => launchGeometry(1, [32, 1.5])).toThrow(
      "the block's y extent must be a positive integer up to 2^31 - 1, not 1.5",
    );
    expect(() => launchGeometry([1, 1, Number.NaN], 1)).toThrow(
      "the grid's z extent must be a positive integer",
    );
    expect(() => launchGeometry([] as unknown as [number], 1)).toThrow(
      'the grid is a positive integer or an array of one to three, not []',
    );
    expect(() => launchGeometry([1, 1, 1, 1] as unknown as [number], 1)).toThrow(
      'an array of one to three, not [1, 1, 1, 1]',
    );
  });

  it('keeps the grid within 32-bit signed thread positions (globalIdx)', () => {
    expect(() => launchGeometry(2 ** 30 - 1, 2)).not.toThrow();
    expect(() => launchGeometry(2 ** 30, 2)).toThrow(/2147483648 threads along x/);
    expect(() => launchGeometry([1, 2 ** 29], [1, 4])).toThrow(
      /threads along y; globalIdx is a 32-bit signed/,
    );
  });

  it('checks the threadgroup against the device and pipeline when known', () => {
    const limits = {
      maxThreadsPerThreadgroup: [1024, 1024, 1024] as const,
      maxTotalThreadsPerThreadgroup: 1024,
    };
    expect(launchGeometry(1, 1024, limits).threadgroupSize).toBe(1024);
    expect(() => launchGeometry(1, 2048, limits)).toThrow(
      'a block has at most 1024 threads along x here, not 2048',
    );
    expect(() => launchGeometry(1, [32, 32, 2], limits)).toThrow(
      'a block has at most 1024 threads here, not 2048 (32 x 32 x 2)',
    );
    expect(() => launchGeometry(1, [1, 1, 64], { maxThreadsPerThreadgroup: [1024, 1024, 32] })).toThrow(
      'at most 32 threads along z',
    );
    // Without limits, any positive size goes (Metal checks it then).
    expect(launchGeometry(1, 4096).threadgroupSize).toBe(4096);
  });
});

describe('threadgroup memory', () => {
  it('rounds dynamic lengths up to 16 bytes, at least 16', () => {
    expect([0, 1, 15, 16, 17, 1000, 4096].map(threadgroupMemoryLength)).toEqual([
      16, 16, 16, 16, 32, 1008, 4096,
    ]);
    expect(() => threadgroupMemoryLength(-1)).toThrow(/sharedBytes must be a non-negative integer, not -1/);
    expect(() => threadgroupMemoryLength(2.5)).toThrow(/non-negative integer, not 2.5/);
  });

  it('checks static and dynamic memory against the device', () => {
    expect(() => checkThreadgroupMemory('k', 1024, 31 * 1024, 32768)).not.toThrow();
    expect(() => checkThreadgroupMemory('k', 1024, 32 * 1024, 32768)).toThrow(
      'gpuc: k uses 1024 bytes of threadgroup memory; with 32768 more it would pass the 32768 a threadgroup has',
    );
  });
});

describe('status buffer', () => {
  const strings = ['kern', 'index out of range', 'k.js'];
  const report = (set: Partial<Record<keyof typeof STATUS_WORDS, number>>) => {
    const words = new Uint32Array(STATUS_WORDS.count);
    for (const [name, value] of Object.entries(set))
      words[STATUS_WORDS[name as keyof typeof STATUS_WORDS]] = value;
    return words;
  };

  it('is clear when no thread claimed it', () => {
    expect(statusError('kern', new Uint32Array(STATUS_WORDS.count), strings)).toBeNull();
    // Only the owner word says a thread threw.
    expect(statusError('kern', report({ message: 2, line: 9 }), strings)).toBeNull();
  });

  it('becomes a DeviceError saying where, with the thread that threw', () => {
    const error = statusError(
      'kern',
      report({
        owner: 99,
        reason: 1,
        message: 2,
        function: 1,
        file: 3,
        line: 42,
        threadgroup: 7,
        thread: 3,
        signalled: 1,
      }),
      strings,
    );
    expect(error).toBeInstanceOf(DeviceError);
    expect(error?.message).toBe('index out of range (in kern at k.js:42)');
    expect([error?.kernel, error?.workgroup, error?.workitem, error?.reason]).toEqual(['kern', 7, 3, 1]);
  });

  it('falls back to the reason and the kernel where strings are missing', () => {
    const oom = statusError('alloc', report({ owner: 1, reason: 2 }), strings);
    expect(oom?.message).toBe('out of memory (in alloc)');
    const unknown = statusError('k', report({ owner: 1, reason: 1, message: 9, file: 3, line: 5 }), strings);
    expect(unknown?.message).toBe('device exception (in k at k.js:5)');
  });

  it('is cleared before a launch, with its dynamic threadgroup bytes', () => {
    expect(STATUS_BYTES).toBe(STATUS_WORDS.count * 4);
    const words = new Uint32Array(STATUS_WORDS.count).fill(0xffffffff);
    resetStatus(words, 1000);
    const expected = new Uint32Array(STATUS_WORDS.count);
    expected[STATUS_WORDS.dynamicThreadgroupBytes] = 1000;
    expect(words).toEqual(expected);
    expect(() => resetStatus(new Uint32Array(3), 0)).toThrow(/has 10 words, not 3/);
  });
});

describe('heap', () => {
  it('has a header of next (0) and capacity, then the capacity', () => {
    expect(heapBufferBytes(8 * 1024 * 1024)).toBe(HEAP_HEADER_BYTES + 8 * 1024 * 1024);
    expect(() => heapBufferBytes(0)).toThrow(/16 bytes to 4 GiB, not 0/);
    expect(() => heapBufferBytes(2 ** 32)).toThrow(/not 4294967296/);
    const words = new Uint32Array([5, 6, 7, 8, 9]);
    resetHeap(words, 4096);
    expect([...words]).toEqual([0, 4096, 0, 0, 9]);
  });
});

describe('loading Metal lazily', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    vi.resetModules();
  });

  const libraries = ['/usr/lib/libobjc.A.dylib', '/System/Library/Frameworks/Metal.framework/Metal'];
  const loadedApple = (load: { mock: { calls: unknown[][] } }) =>
    load.mock.calls.some(([path]) => libraries.includes(path as string));

  it.runIf(process.platform !== 'darwin')(
    'imports without loading Objective-C, and says on use that there is no Metal here',
    async () => {
      const load = vi.spyOn(koffi(), 'load');
      vi.resetModules();
      const metal = await import('../src/metal/index.js');
      expect(metal.objcLoaded()).toBe(false);
      expect(load).not.toHaveBeenCalled();
      expect(metal.hasMetalDevice()).toBe(false);
      const message = `gpuc: Metal needs macOS with a Metal GPU; this is ${process.platform}`;
      expect(() => metal.MetalDevice.get()).toThrow(message);
      expect(() => metal.MetalArray.alloc(Float32Array, 4)).toThrow(message);
      expect(() => metal.objc()).toThrow(message);
      // Knowing the platform was enough: nothing was loaded to find out.
      expect(load).not.toHaveBeenCalled();
      expect(metal.objcLoaded()).toBe(false);
    },
  );

  it('loads the Objective-C runtime only on first use, and remembers why it cannot', async () => {
    const platform = Object.getOwnPropertyDescriptor(process, 'platform') as PropertyDescriptor;
    const load = vi.spyOn(koffi(), 'load');
    vi.resetModules();
    const metal = await import('../src/metal/index.js');
    // The host runtime it imported finds koffi here first: on the Mac faked below, it would look
    // for a Mac's addon and take koffi's entry, whose load is not the one spied on.
    (await import('@gpuc/core/host')).koffi();
    try {
      // As on a Mac, but the libraries are not there (this is not one).
      Object.defineProperty(process, 'platform', { value: 'darwin' });
      expect(loadedApple(load)).toBe(false);
      if (platform.value === 'darwin') return;
      expect(() => metal.objc()).toThrow(
        /^gpuc: Metal needs macOS with a Metal GPU: \/usr\/lib\/libobjc\.A\.dylib could not be loaded/,
      );
      expect(loadedApple(load)).toBe(true);
      const calls = load.mock.calls.length;
      expect(() => metal.MetalDevice.get()).toThrow(/libobjc\.A\.dylib could not be loaded/);
      expect(load.mock.calls.length).toBe(calls);
      expect(metal.hasMetalDevice()).toBe(false);
    } finally {
      Object.defineProperty(process, 'platform', platform);
    }
  });
});
