/**
 * Kernel parameters as the driver takes them: each argument laid out as LLVM lays out the
 * kernel's parameter type (core's `argumentLayout` and `argumentWriter`), and an array of their
 * addresses for `cuLaunchKernel`.
 */
import { type ArgumentWriter, argumentLayout, argumentWriter, type KernelType } from '@gpuc/core/host';
import { addressOf } from './memory.js';

export type { DeviceView } from '@gpuc/core/host';

/**
 * Size and alignment of a kernel parameter as the PTX declares it (an empty value still takes
 * a byte there).
 */
export function layout(type: KernelType): { size: number; align: number } {
  const { size, align } = argumentLayout(type);
  return { size: size || 1, align };
}

/**
 * The parameter memory of a kernel, reused by every launch (the driver copies the values
 * before `cuLaunchKernel` returns): one buffer holding each argument at an 8-byte-aligned slot,
 * and the array of the slots' addresses the driver reads them through, both made once.
 */
export class ParameterBlock {
  private readonly offsets: number[];
  /** Each parameter's writer, made once: a launch only stores values. */
  private readonly writers: ArgumentWriter[];
  private readonly view: DataView;
  /** The slots' addresses: the array `cuLaunchKernel` takes as `kernelParams`. */
  readonly addresses: BigUint64Array;
  /** The address of `addresses`, as `cuLaunchKernel` takes it. */
  readonly kernelParams: bigint;

  constructor(types: readonly KernelType[]) {
    this.writers = types.map(argumentWriter);
    let size = 0;
    this.offsets = types.map((type) => {
      const at = size;
      size += Math.ceil(Math.max(8, layout(type).size) / 8) * 8;
      return at;
    });
    const memory = Buffer.alloc(Math.max(8, size));
    this.view = new DataView(memory.buffer, memory.byteOffset, memory.byteLength);
    const base = addressOf(memory);
    this.addresses = BigUint64Array.from(this.offsets.map((at) => base + BigInt(at)));
    this.kernelParams = addressOf(this.addresses);
  }

  /** Writes a launch's argument values into their slots; returns `kernelParams`. */
  fill(values: readonly unknown[]): bigint {
    const { writers, offsets, view } = this;
    for (let i = 0; i < writers.length; i++)
      (writers[i] as ArgumentWriter)(view, offsets[i] as number, values[i]);
    return this.kernelParams;
  }
}
