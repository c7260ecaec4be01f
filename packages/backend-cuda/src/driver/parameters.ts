/**
 * Kernel parameters as the driver takes them: each argument laid out as LLVM lays out the
 * kernel's parameter type (core's `argumentLayout` and `writeArgument`), and an array of their
 * addresses for `cuLaunchKernel`.
 */
import { argumentLayout, type KernelType, writeArgument } from '@gpuc/core/host';
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
  private readonly view: DataView;
  /** What `cuLaunchKernel` takes as `kernelParams`. */
  readonly addresses: BigUint64Array;

  constructor(private readonly types: readonly KernelType[]) {
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
  }

  /** Writes a launch's argument values into their slots. */
  fill(values: readonly unknown[]): BigUint64Array {
    this.types.forEach((type, i) => {
      writeArgument(this.view, this.offsets[i] as number, type, values[i]);
    });
    return this.addresses;
  }
}
