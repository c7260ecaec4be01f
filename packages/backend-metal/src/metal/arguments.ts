/**
 * A Metal launch's arguments, without Metal: each kernel argument is its own buffer index
 * holding the argument's bytes as core lays them out (`argumentLayout`, `writeArgument`), arrays
 * as `{ u64 GPU address, i32 length, i32 extents... }`. Since arrays are reached through
 * addresses inside those bytes, Metal does not know the kernel uses their buffers; the launch
 * names them (`useResource:usage:`), so this also lists every distinct array an argument
 * references, inside records and tuples too. Host values (typed arrays) are swapped for device
 * arrays here as well, by a function the caller gives.
 */
import {
  argumentLayout,
  type DeviceBuffer,
  type DeviceSlice,
  type DeviceView,
  type KernelType,
  writeArgument,
} from '@gpuc/core/host';

/** The most bytes Metal takes inline (`setBytes:length:atIndex:`); larger blocks go in a buffer. */
export const MAX_INLINE_BYTES = 4096;

/** One kernel argument, encoded: the buffer index it is bound at and its bytes. */
export interface ArgumentBlock {
  readonly index: number;
  readonly type: KernelType;
  /** The argument's size as core lays it out (`argumentLayout`). */
  readonly size: number;
  /**
   * The bytes to bind: `size` of them, or 4 zero bytes for an argument with no run-time content
   * (Metal binds nothing shorter).
   */
  readonly bytes: Uint8Array;
}

/** Whether a value is device memory (an address and a length), as core's `writeArgument` sees it. */
export const isDeviceBuffer = (value: unknown): value is DeviceBuffer =>
  typeof (value as Partial<DeviceBuffer> | null)?.pointer === 'bigint' &&
  typeof (value as Partial<DeviceBuffer>).length === 'number';

/** A record or tuple's members with the values given for them; nothing for other kinds. */
function membersWithValues(type: KernelType, value: unknown): [KernelType, unknown][] {
  if (type.kind === 'record')
    return type.fields.map(([name, t]) => [t, (value as Record<string, unknown> | undefined)?.[name]]);
  if (type.kind === 'tuple') return type.elements.map((t, i) => [t, (value as unknown[] | undefined)?.[i]]);
  return [];
}

function checkCount(argTypes: readonly KernelType[], values: readonly unknown[]): void {
  if (values.length !== argTypes.length)
    throw new TypeError(`gpuc: the kernel takes ${argTypes.length} arguments, not ${values.length}`);
}

/**
 * Each argument's bytes, at buffer indices 0, 1... (arrays as `DeviceBuffer`s or `DeviceView`s).
 * A value that does not fit its type is a TypeError naming the argument.
 */
export function encodeArguments(
  argTypes: readonly KernelType[],
  values: readonly unknown[],
): ArgumentBlock[] {
  checkCount(argTypes, values);
  return argTypes.map((type, index) => {
    const { size } = argumentLayout(type);
    const bytes = new Uint8Array(Math.max(size, 4));
    try {
      writeArgument(new DataView(bytes.buffer), 0, type, values[index]);
    } catch (error) {
      if (error instanceof TypeError) throw new TypeError(`gpuc: argument ${index + 1}: ${error.message}`);
      throw error;
    }
    return { index, type, size, bytes };
  });
}

/** Every distinct device buffer the arguments reference, in the order first met. */
export function referencedBuffers<B extends DeviceBuffer = DeviceBuffer>(
  argTypes: readonly KernelType[],
  values: readonly unknown[],
): B[] {
  checkCount(argTypes, values);
  const found = new Set<B>();
  const visit = (type: KernelType, value: unknown): void => {
    if (type.kind === 'array') {
      const buffer = isDeviceBuffer(value) ? value : (value as Partial<DeviceView> | null)?.array;
      // A slice of another array's copy (overlapping host views) is that allocation.
      if (isDeviceBuffer(buffer)) found.add(((buffer as Partial<DeviceSlice>).within ?? buffer) as B);
      return;
    }
    for (const [member, v] of membersWithValues(type, value)) visit(member, v);
  };
  argTypes.forEach((type, i) => {
    visit(type, values[i]);
  });
  return [...found];
}
