/**
 * Kernel arguments by value, as LLVM lays out a kernel's parameter types on the 64-bit GPU
 * targets: scalars at their size and alignment, arrays as `{ pointer, i32 length, i32
 * extents... }`, records and tuples as structs with natural alignment, values with no run-time
 * content as empty structs. The CUDA and ROCm drivers both write arguments with these.
 */
import type { Type as KernelType } from '../frontend/types.js';
import { describeInMessage } from '../frontend/values.js';
import { checkArguments, type DeviceArrayOf, isBuffer, type KernelSignature } from './check-arguments.js';
import { type HostArray, planCopies } from './shared-bytes.js';

/** Device memory as an array argument sees it: an address and an element count. */
export interface DeviceBuffer {
  readonly pointer: bigint;
  readonly length: number;
}

/**
 * Device memory inside another array's copy (overlapping host views share one: `shared-bytes.ts`).
 * A back-end that must name the allocations a launch uses (Metal's residency) names `within`.
 */
export interface DeviceSlice extends DeviceBuffer {
  readonly within: DeviceBuffer;
}

/** An array argument: its device memory, and its shape when it is a view. */
export interface DeviceView {
  readonly array: DeviceBuffer;
  readonly shape?: readonly number[];
}

const SCALAR_BYTES: Record<string, number> = {
  bool: 1,
  i8: 1,
  u8: 1,
  i16: 2,
  u16: 2,
  i32: 4,
  u32: 4,
  f32: 4,
  i64: 8,
  u64: 8,
  f64: 8,
};

/** `n` rounded up to a multiple of `align`. */
export const roundUp = (n: number, align: number) => Math.ceil(n / align) * align;

/** The members of a record or tuple type, in order, and nothing for any other kind. */
export function members(type: KernelType): readonly KernelType[] {
  if (type.kind === 'record') return type.fields.map(([, t]) => t);
  if (type.kind === 'tuple') return type.elements;
  return [];
}

/**
 * Size and alignment of a kernel type passed by value, as the AMDGPU data layout gives them for
 * its LLVM type (a test checks this against LLVM for every kind).
 */
export function argumentLayout(type: KernelType): { size: number; align: number } {
  if (type.kind === 'scalar') {
    const size = SCALAR_BYTES[type.name] ?? 8;
    return { size, align: size };
  }
  if (type.kind === 'array') {
    const words = 1 + (type.rank > 1 ? type.rank : 0);
    return { size: roundUp(8 + 4 * words, 8), align: 8 };
  }
  // Records and tuples are literal structs; every other kind is an empty one (no bytes).
  let size = 0;
  let align = 1;
  for (const member of members(type)) {
    const m = argumentLayout(member);
    size = roundUp(size, m.align) + m.size;
    align = Math.max(align, m.align);
  }
  return { size: roundUp(size, align), align };
}

/** Writes one argument of a kernel type at `offset` of a view (little-endian), checking what it is given. */
export type ArgumentWriter = (view: DataView, offset: number, value: unknown) => void;

/** A scalar's writer: its value unwrapped (`f32(2)` is a Number object) and checked, then `set`. */
function scalarWriter(
  name: string,
  set: (view: DataView, offset: number, raw: number | bigint | boolean) => void,
): ArgumentWriter {
  return (view, offset, value) => {
    const raw = value instanceof Number ? value.valueOf() : value;
    if (typeof raw !== 'number' && typeof raw !== 'bigint' && typeof raw !== 'boolean')
      throw new TypeError(`a ${name} argument cannot be ${describeInMessage(value)}`);
    set(view, offset, raw);
  };
}

function makeWriter(type: KernelType): ArgumentWriter {
  if (type.kind === 'scalar') {
    switch (type.name) {
      case 'bool':
        return scalarWriter(type.name, (view, at, raw) => view.setUint8(at, raw ? 1 : 0));
      case 'i8':
      case 'u8':
        return scalarWriter(type.name, (view, at, raw) => view.setUint8(at, Number(raw) & 0xff));
      case 'i16':
      case 'u16':
        return scalarWriter(type.name, (view, at, raw) => view.setUint16(at, Number(raw) & 0xffff, true));
      case 'i32':
      case 'u32':
        return scalarWriter(type.name, (view, at, raw) => view.setUint32(at, Number(raw) >>> 0, true));
      case 'f32':
        return scalarWriter(type.name, (view, at, raw) => view.setFloat32(at, Number(raw), true));
      case 'f64':
        return scalarWriter(type.name, (view, at, raw) => view.setFloat64(at, Number(raw), true));
      default:
        return scalarWriter(type.name, (view, at, raw) =>
          view.setBigUint64(at, BigInt.asUintN(64, BigInt(raw)), true),
        );
    }
  }
  if (type.kind === 'array') {
    const { rank } = type;
    return (view, offset, value) => {
      // A buffer stands for itself; a view says its shape.
      const device = (isBuffer(value) ? { array: value } : value) as Partial<DeviceView> | undefined;
      if (!isBuffer(device?.array))
        throw new TypeError(`an array argument must be in device memory, not ${describeInMessage(value)}`);
      view.setBigUint64(offset, device.array.pointer, true);
      view.setUint32(offset + 8, device.array.length, true);
      if (rank > 1) {
        const shape = device.shape ?? [];
        if (shape.length !== rank)
          throw new TypeError(`a ${rank}-dimensional view needs ${rank} extents, not ${shape.length}`);
        shape.forEach((n, d) => {
          view.setUint32(offset + 12 + 4 * d, n, true);
        });
      }
    };
  }
  // Records and tuples: each member at its offset in the struct; other kinds have no bytes.
  let at = 0;
  const placed = members(type).map((member) => {
    const m = argumentLayout(member);
    at = roundUp(at, m.align);
    const slot = { at, write: argumentWriter(member) };
    at += m.size;
    return slot;
  });
  const fields = type.kind === 'record' ? type.fields.map(([name]) => name) : undefined;
  return (view, offset, value) => {
    placed.forEach(({ at, write }, i) => {
      const member = fields
        ? (value as Record<string, unknown> | undefined)?.[fields[i] as string]
        : (value as unknown[] | undefined)?.[i];
      write(view, offset + at, member);
    });
  };
}

const writers = new WeakMap<KernelType, ArgumentWriter>();

/** The writer of a kernel type's arguments, made once per type (a launch reuses it every time). */
export function argumentWriter(type: KernelType): ArgumentWriter {
  let writer = writers.get(type);
  if (!writer) {
    writer = makeWriter(type);
    writers.set(type, writer);
  }
  return writer;
}

/** Writes an argument of a kernel type at `offset` (little-endian), checking what it is given. */
export function writeArgument(view: DataView, offset: number, type: KernelType, value: unknown): void {
  argumentWriter(type)(view, offset, value);
}

/** Whether a value is a typed array a kernel can take (not a DataView). */
export const isTypedArray = (value: unknown): value is ArrayBufferView =>
  ArrayBuffer.isView(value) && !(value instanceof DataView);

/** A device array a launch copies a host array into, and back out of. */
export interface CopiedBuffer extends DeviceBuffer {
  read(host: never): unknown;
  free(): void;
}

/** Calls `visit` with each typed array a value of a kernel type holds (views' data, records' and tuples' members). */
function forEachHostArray(type: KernelType, value: unknown, visit: (host: ArrayBufferView) => void): void {
  if (type.kind === 'array') {
    if (isTypedArray(value)) visit(value);
    else {
      const data = (value as { data?: unknown } | null)?.data;
      if (isTypedArray(data) && Array.isArray((value as { shape?: unknown }).shape)) visit(data);
    }
    return;
  }
  if (type.kind === 'record')
    for (const [field, t] of type.fields)
      forEachHostArray(t, (value as Record<string, unknown> | null)?.[field], visit);
  if (type.kind === 'tuple')
    type.elements.forEach((t, i) => {
      forEachHostArray(t, (value as unknown[] | null)?.[i], visit);
    });
}

/**
 * A launch's host values on their way to the device: the checked arguments' typed arrays and
 * views (`{ data, shape }`), also inside records and tuples, copied into device arrays `upload`
 * makes (once per typed array; views of one buffer that overlap share one copy, as
 * `shared-bytes.ts` plans) and passed by `deviceArgs` as `DeviceView`s; `copyBack` copies
 * them back and `free` frees every copy. Device arrays, views of them and scalars pass as they are.
 */
function hostCopies<B extends CopiedBuffer>(
  signature: KernelSignature,
  values: readonly unknown[],
  upload: (host: ArrayBufferView) => B,
  deviceArray?: DeviceArrayOf,
): { deviceArgs(): unknown[]; copyBack(): void; free(): void } {
  checkArguments(signature, values, deviceArray ? { deviceArray } : {});
  const argTypes = signature.argTypes;
  const arrays: HostArray[] = [];
  argTypes.forEach((type, argument) => {
    forEachHostArray(type, values[argument], (host) => arrays.push({ host, argument }));
  });
  // Each copy uploaded once; its arrays pass as addresses inside it.
  const copies = new Map<ArrayBufferView, B>();
  const places = new Map<ArrayBufferView, DeviceBuffer | DeviceSlice>();
  try {
    for (const copy of planCopies(arrays, signature)) {
      const buffer = upload(copy.host);
      copies.set(copy.host, buffer);
      for (const { host, offset } of copy.members)
        places.set(
          host,
          offset === 0 && host === copy.host
            ? buffer
            : ({
                pointer: buffer.pointer + BigInt(offset),
                length: (host as unknown as { length: number }).length,
                within: buffer,
              } satisfies DeviceSlice),
        );
    }
  } catch (error) {
    for (const buffer of copies.values()) buffer.free();
    throw error;
  }
  const onDevice = (host: ArrayBufferView) => places.get(host) as DeviceBuffer;
  const convert = (type: KernelType, value: unknown): unknown => {
    if (type.kind === 'array') {
      if (isTypedArray(value)) return { array: onDevice(value) } satisfies DeviceView;
      const view = value as { data?: unknown; shape?: unknown } | null;
      if (isTypedArray(view?.data) && Array.isArray(view.shape))
        return { array: onDevice(view.data), shape: view.shape as number[] } satisfies DeviceView;
      return value;
    }
    if (type.kind === 'record')
      return Object.fromEntries(
        type.fields.map(([field, t]) => [
          field,
          convert(t, (value as Record<string, unknown> | null)?.[field]),
        ]),
      );
    if (type.kind === 'tuple')
      return type.elements.map((t, i) => convert(t, (value as unknown[] | null)?.[i]));
    return value;
  };
  return {
    deviceArgs: () => argTypes.map((type, i) => convert(type, values[i])),
    copyBack: () => {
      for (const [host, buffer] of copies) buffer.read(host as never);
    },
    free: () => {
      for (const buffer of copies.values()) buffer.free();
    },
  };
}

/**
 * Runs a launch with host values: first checks them against the kernel's signature (typed
 * arrays, views and the back-end's device arrays all allowed); then each typed array or view
 * `{ data, shape }`, also inside records and tuples, is copied into a device array `upload` makes
 * (once per typed array; overlapping views of one buffer share one) and passed as a `DeviceView`; after `launch` it is copied back, and
 * every copy is freed, even when the launch throws. Device arrays, views of them and scalars are
 * passed as they are.
 */
export function runWithCopies<B extends CopiedBuffer>(
  signature: KernelSignature,
  values: readonly unknown[],
  upload: (host: ArrayBufferView) => B,
  launch: (deviceArgs: unknown[]) => void,
  deviceArray?: DeviceArrayOf,
): void {
  const copies = hostCopies(signature, values, upload, deviceArray);
  try {
    launch(copies.deviceArgs());
    copies.copyBack();
  } finally {
    copies.free();
  }
}

/**
 * `runWithCopies` for a launch that completes later: the copies are made before `launch` is
 * called, copied back once its promise resolves, and freed once it settles.
 */
export async function runWithCopiesAsync<B extends CopiedBuffer>(
  signature: KernelSignature,
  values: readonly unknown[],
  upload: (host: ArrayBufferView) => B,
  launch: (deviceArgs: unknown[]) => Promise<void>,
  deviceArray?: DeviceArrayOf,
): Promise<void> {
  const copies = hostCopies(signature, values, upload, deviceArray);
  try {
    await launch(copies.deviceArgs());
    copies.copyBack();
  } finally {
    copies.free();
  }
}

/** A typed array's bytes (no copy). */
export const bytesOf = (array: ArrayBufferView): Uint8Array =>
  new Uint8Array(array.buffer, array.byteOffset, array.byteLength);

/** Refuses a device array length that is not a count of elements. */
export function checkArrayLength(length: number): void {
  if (!Number.isInteger(length) || length < 0)
    throw new RangeError(`gpuc: bad device array length ${length}`);
}

/**
 * Refuses a copy between a device array (`kind`, `length`) and a typed array of another type or
 * length: device arrays mirror one typed array exactly.
 */
export function checkCopy(
  kind: new (length: number) => ArrayBufferView,
  length: number,
  host: ArrayBufferView,
): void {
  const other = host as ArrayBufferView & { length?: number };
  if (other.length !== length || !(host instanceof kind))
    throw new TypeError(
      `gpuc: a ${kind.name} of ${length} elements cannot be copied to or from a ${host.constructor.name} of ${other.length}`,
    );
}
