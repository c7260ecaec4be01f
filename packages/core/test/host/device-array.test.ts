// The device-array base every GPU back-end's array extends: element type and rank for launch
// checks, checked copies, freed once. Its memory here is host memory, so the contract runs
// without a GPU; each back-end's copies are its own.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import {
  DeviceArrayBase,
  elementName,
  type TypedArray,
  type TypedArrayConstructor,
} from '../../src/host/index.js';
import { BFloat16Bits, Float16Bits } from '../../src/index.js';

/** An array whose "device" memory is a second typed array, counting how often it is released. */
class HostBackedArray<T extends TypedArray> extends DeviceArrayBase<T, string> {
  releases = 0;
  readonly streams: (string | undefined)[] = [];
  private readonly memory: T;

  constructor(kind: TypedArrayConstructor<T>, length: number, whenCollected?: () => void) {
    super(kind, length, 0x1000n, whenCollected);
    this.memory = new kind(length);
  }

  protected copyIn(host: T, stream?: string): void {
    this.streams.push(stream);
    (this.memory as unknown as { set(from: T): void }).set(host);
  }

  protected copyOut(host: T, stream?: string): void {
    this.streams.push(stream);
    (host as unknown as { set(from: T): void }).set(this.memory);
  }

  protected release(): void {
    this.releases++;
  }
}

describe('DeviceArrayBase', () => {
  it('says its element type and rank, byte length and pointer', () => {
    const array = new HostBackedArray(Float64Array, 5);
    expect(array.argument).toEqual({ element: 'f64', rank: 1 });
    expect(Object.isFrozen(array.argument)).toBe(true);
    expect(array.byteLength).toBe(40);
    expect(array.pointer).toBe(0x1000n);
    expect(elementName(BigUint64Array)).toBe('u64');
    expect(() => elementName({ name: 'Uint8ClampedArray' })).toThrow(/not a typed array gpuc knows/);
    expect(elementName(Float16Bits)).toBe('f16');
    expect(elementName(BFloat16Bits)).toBe('bf16');
  });

  it('copies in and out, on a stream when given one', () => {
    const array = new HostBackedArray(Int32Array, 3);
    expect(array.write(Int32Array.of(1, -2, 3), 's1')).toBe(array);
    expect(array.read()).toEqual(Int32Array.of(1, -2, 3));
    const into = new Int32Array(3);
    expect(array.read(into, 's2')).toBe(into);
    expect(array.streams).toEqual(['s1', undefined, 's2']);
  });

  it('refuses copies of another type or length, and any copy once freed; frees once', () => {
    const array = new HostBackedArray<Float32Array>(Float32Array, 4);
    expect(() => array.write(new Float32Array(3))).toThrow(/Float32Array of 4 elements cannot be copied/);
    expect(() => array.read(new Int32Array(4) as unknown as Float32Array)).toThrow(TypeError);
    expect(array.streams).toEqual([]);
    expect(array.freed).toBe(false);
    array.free();
    array.free();
    expect(array.freed).toBe(true);
    expect(array.releases).toBe(1);
    expect(() => array.read()).toThrow(/freed/);
    expect(() => array.write(new Float32Array(4))).toThrow(/freed/);
  });

  it('frees the memory of an array collected without free, and never after free', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const freed: string[] = [];
    const drop = (name: string, free: boolean) => {
      const array = new HostBackedArray(Uint8Array, 4, () => freed.push(name));
      if (free) array.free();
    };
    drop('forgotten', false);
    drop('freed', true);
    for (let i = 0; i < 20 && freed.length === 0; i++) {
      gc();
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(freed).toEqual(['forgotten']);
  });
});
