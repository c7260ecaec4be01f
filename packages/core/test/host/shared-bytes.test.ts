// Views of one ArrayBuffer that overlap are one memory in JavaScript, so a launch through device
// copies must give them one copy: a kernel's store through one is read through the other, and
// the bytes come back once. Here the "device" is host memory that runWithCopies uploads into, so
// the copies, the addresses inside them and the read-back are the real code's.
import { describe, expect, it } from 'vitest';
import { type KernelSignature, LaunchError } from '../../src/entry/launch.js';
import { runWithCopies } from '../../src/host/arguments.js';
import { planCopies } from '../../src/host/shared-bytes.js';
import { type KernelType, parseType, typeOfValue } from '../../src/index.js';

const signature = (types: readonly (string | KernelType)[], names: readonly string[]): KernelSignature => ({
  name: 'k',
  argTypes: types.map((t) => (typeof t === 'string' ? (parseType(t) as KernelType) : t)),
  parameterNames: () => names,
});

/** Device memory: allocations at addresses 64 KiB apart, each a copy of the host bytes uploaded. */
function fakeDevice() {
  const allocations: { base: bigint; bytes: Uint8Array }[] = [];
  let uploads = 0;
  let reads = 0;
  const upload = (host: ArrayBufferView) => {
    uploads++;
    const bytes = new Uint8Array(host.byteLength);
    bytes.set(new Uint8Array(host.buffer, host.byteOffset, host.byteLength));
    const base = BigInt(allocations.length + 1) << 16n;
    allocations.push({ base, bytes });
    return {
      pointer: base,
      length: (host as unknown as { length: number }).length,
      read(into: ArrayBufferView) {
        reads++;
        new Uint8Array(into.buffer, into.byteOffset, into.byteLength).set(bytes);
      },
      free() {},
    };
  };
  /** The device bytes at an address an argument passes. */
  const at = (pointer: bigint) => {
    const a = allocations.find(({ base, bytes }) => pointer >= base && pointer < base + BigInt(bytes.length));
    if (!a) throw new Error(`no allocation at ${pointer}`);
    return new DataView(a.bytes.buffer, Number(pointer - a.base));
  };
  return { upload, at, counts: () => ({ uploads, reads }) };
}

const pointerOf = (arg: unknown) => (arg as { array: { pointer: bigint } }).array.pointer;

describe('overlapping views of one buffer share one device copy', () => {
  it('steps a recurrence through two subarrays two f64 elements apart as JavaScript does', () => {
    const js = Float64Array.from({ length: 12 }, (_, i) => i - 3);
    const gpu = js.slice();
    const step = (a: Float64Array, b: Float64Array) => {
      for (let i = 0; i < a.length; i++) b[i] = (a[i] as number) * 0.5 + 1;
    };
    step(js.subarray(0, 10), js.subarray(2, 12));
    const device = fakeDevice();
    runWithCopies(
      signature(['f64[]', 'f64[]'], ['a', 'b']),
      [gpu.subarray(0, 10), gpu.subarray(2, 12)],
      device.upload,
      ([a, b]) => {
        const [pa, pb] = [pointerOf(a), pointerOf(b)];
        expect(pb - pa).toBe(16n);
        for (let i = 0; i < 10; i++)
          device.at(pb).setFloat64(8 * i, device.at(pa).getFloat64(8 * i, true) * 0.5 + 1, true);
      },
    );
    expect([...gpu]).toEqual([...js]);
    expect(device.counts()).toEqual({ uploads: 1, reads: 1 });
  });

  it('passes a Float32Array and an Int32Array over the same bytes as one memory, also inside a record', () => {
    const bytes = new ArrayBuffer(32);
    const f = new Float32Array(bytes);
    const n = new Int32Array(bytes);
    const device = fakeDevice();
    runWithCopies(
      signature(['f32[]', typeOfValue({ n: new Int32Array(1) }) as KernelType], ['f', 'r']),
      [f, { n }],
      device.upload,
      ([fa, r]) => {
        const na = (r as { n: unknown }).n;
        expect(pointerOf(na)).toBe(pointerOf(fa));
        device.at(pointerOf(fa)).setFloat32(0, 0.5, true);
        device.at(pointerOf(na)).setInt32(4, device.at(pointerOf(na)).getInt32(0, true) + 1, true);
      },
    );
    expect(n[1]).toBe((new Int32Array(Float32Array.of(0.5).buffer)[0] as number) + 1);
    expect(f[0]).toBe(0.5);
    expect(device.counts()).toEqual({ uploads: 1, reads: 1 });
  });

  it('keeps a copy each for views of one buffer that do not overlap, and for empty ones', () => {
    const buffer = new Float32Array(16);
    const plan = planCopies(
      [
        { host: buffer.subarray(0, 4), argument: 0 },
        { host: buffer.subarray(4, 4), argument: 1 },
        { host: buffer.subarray(4, 8), argument: 2 },
        { host: buffer.subarray(4, 12), argument: 3 },
      ],
      signature(['f32[]', 'f32[]', 'f32[]', 'f32[]'], ['a', 'b', 'c', 'd']),
    );
    expect(plan.map((c) => c.members.length).sort()).toEqual([1, 1, 2]);
  });

  it('joins a chain of views each overlapping the next into one copy spanning them', () => {
    const buffer = new Float32Array(64);
    const [copy, ...rest] = planCopies(
      [
        { host: buffer.subarray(8, 20), argument: 0 },
        { host: buffer.subarray(16, 28), argument: 1 },
        { host: buffer.subarray(24, 40), argument: 2 },
      ],
      signature(['f32[]', 'f32[]', 'f32[]'], ['a', 'b', 'c']),
    );
    expect(rest).toEqual([]);
    expect([copy?.host.byteOffset, copy?.host.byteLength]).toEqual([32, 128]);
    expect(copy?.members.map((m) => m.offset)).toEqual([0, 32, 64]);
  });

  it('refuses overlapping views whose offsets differ by other than 16 bytes, naming both parameters', () => {
    const buffer = new Float64Array(12);
    const device = fakeDevice();
    const launch = () =>
      runWithCopies(
        signature(['f64[]', 'f64[]'], ['a', 'b']),
        [buffer.subarray(0, 10), buffer.subarray(1, 11)],
        device.upload,
        () => {
          throw new Error('launched');
        },
      );
    expect(launch).toThrow(LaunchError);
    expect(launch).toThrow(/argument 2 \('b'\) overlaps its argument 1 \('a'\).*8 bytes.*\[bad-argument\]/);
  });
});
