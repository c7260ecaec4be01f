/**
 * Launch arguments checked against a kernel's signature before any native call, the same on
 * every back-end: each value must be what its parameter's type takes (docs/language.md,
 * "Launches"); anything else is a `bad-argument` LaunchError naming the parameter.
 */
import { ErrorCode } from '../frontend/errors.js';
import { parseType, show, type Type } from '../frontend/types.js';
import { ArrayView, describeInMessage, elementOfArray, typeOfValue } from '../frontend/values.js';
import { LaunchError, type ParameterName } from './launch-error.js';

/** The element type name and rank of a back-end's device array or view of one, if it is one. */
export type DeviceArrayOf = (value: unknown) => { element: string; rank: number } | undefined;

/** A kernel's signature, as a launch checks it. */
export interface KernelSignature {
  /** The kernel's name. */
  readonly name: string;
  readonly argTypes: readonly Type[];
  /** Parameter names by position, computed when needed (errors name them; counts check them). */
  readonly parameterNames?: () => readonly string[];
}

/** What array arguments may be. */
export interface ArgumentOptions {
  /** Typed arrays and `view`s of them (default true; false where only device memory goes). */
  readonly host?: boolean;
  /** The back-end's device arrays (CUDA's DeviceArray, RocmArray, MetalArray). */
  readonly deviceArray?: DeviceArrayOf;
}

const INTEGER_BITS: Partial<Record<string, number>> = {
  i8: 8,
  u8: 8,
  i16: 16,
  u16: 16,
  i32: 32,
  u32: 32,
  i64: 64,
  u64: 64,
};

/** A detached buffer (`structuredClone(b, { transfer: [b] })`, `b.transfer()`) has no memory. */
export function isDetached(buffer: ArrayBufferLike): boolean {
  if (buffer.byteLength > 0) return false;
  try {
    new Uint8Array(buffer, 0, 0);
    return false;
  } catch {
    return true;
  }
}

/** Device memory as drivers take it: an address and an element count. */
export const isBuffer = (value: unknown): value is { pointer: bigint; length: number } =>
  typeof (value as { pointer?: unknown } | null)?.pointer === 'bigint' &&
  typeof (value as { length?: unknown }).length === 'number';

/**
 * The bytes device memory given to a kernel starts at a multiple of: what every allocation of
 * CUDA, HSA and Metal gives, and what GPU kernels assume to load and store 128 bits at once
 * (`Target.arrayAlignment`).
 */
export const ARRAY_ALIGNMENT = 16;

/**
 * Why device memory given as an address is misaligned, or undefined. (A back-end's device array
 * is an allocation of its own, aligned by the driver.)
 */
function misaligned(pointer: bigint): string | undefined {
  if (pointer % BigInt(ARRAY_ALIGNMENT) === 0n) return undefined;
  return `is device memory at 0x${pointer.toString(16)}, not at a multiple of ${ARRAY_ALIGNMENT} bytes (as every device array gpuc allocates is)`;
}

/** Why a view's shape does not fit its data's `length`, or undefined when it does. */
function badShape(shape: unknown, length: number): string | undefined {
  if (!Array.isArray(shape) || shape.length < 1 || shape.some((n) => !Number.isInteger(n) || n < 0))
    return 'is a view whose shape is not an array of non-negative integers';
  const size = shape.reduce((a: number, b: number) => a * b, 1);
  return size === length ? undefined : `is a ${shape.join('x')} view of ${length} elements, not ${size}`;
}

/**
 * The element type (undefined for bare device memory `{ pointer, length }`, whose element is not
 * known) and rank of device memory or a view of it `{ array, shape? }`; a message for a view whose
 * shape does not fit or bare device memory that is misaligned; undefined for anything else.
 */
function deviceOf(
  value: unknown,
  deviceArray: DeviceArrayOf | undefined,
): { element: string | undefined; rank: number } | string | undefined {
  const device = (v: unknown) =>
    deviceArray?.(v) ??
    (isBuffer(v) ? (misaligned(v.pointer) ?? { element: undefined, rank: 1 }) : undefined);
  const direct = device(value);
  if (direct) return direct;
  const view = value as { array?: unknown; shape?: unknown } | null;
  if (view === null || typeof view !== 'object' || !('array' in view)) return undefined;
  const inner = device(view.array);
  if (!inner || typeof inner === 'string') return inner;
  // `{ array }` alone is the array itself (a DeviceView without a shape).
  if (view.shape === undefined) return inner;
  return (
    badShape(view.shape, (view.array as { length: number }).length) ?? {
      element: inner.element,
      rank: (view.shape as unknown[]).length,
    }
  );
}

/**
 * The element type and rank of an array argument: device memory or a view of it (`deviceOf`),
 * or, where host arrays are allowed, a typed array, a `view(...)` or `{ data, shape }`; a message
 * when it is one of these but broken (a detached buffer, a shape that does not fit); undefined
 * when it is none.
 */
function arrayOf(
  value: unknown,
  options: ArgumentOptions,
): { element: string | undefined; rank: number } | string | undefined {
  const device = deviceOf(value, options.deviceArray);
  if (device) return device;
  const view = value as { data?: unknown; shape?: unknown } | null;
  const data = value instanceof ArrayView ? value.data : ArrayBuffer.isView(value) ? value : view?.data;
  const type = ArrayBuffer.isView(data) ? typeOfValue(data) : undefined;
  if (type?.kind !== 'array') return undefined;
  if (options.host === false)
    return `is ${describeInMessage(data)} in host memory; launch takes device arrays (run copies host ones)`;
  const typed = data as ArrayBufferView;
  if (isDetached(typed.buffer)) return `is a ${typed.constructor.name} whose buffer was detached`;
  if (data === value) return { element: type.element.name, rank: 1 };
  const shape = (view as { shape?: unknown }).shape;
  return (
    badShape(shape, (data as unknown as { length: number }).length) ?? {
      element: type.element.name,
      rank: (shape as unknown[]).length,
    }
  );
}

/** Why a value does not fit a type, or undefined when it does. */
function mismatch(type: Type, value: unknown, options: ArgumentOptions, path: string): string | undefined {
  const expected = () => `${path}must be ${show(type)}, not ${describeInMessage(value)}`;
  switch (type.kind) {
    case 'scalar': {
      const raw = value instanceof Number ? value.valueOf() : value;
      if (type.name === 'bool') return typeof raw === 'boolean' ? undefined : expected();
      const bits = INTEGER_BITS[type.name];
      if (bits === undefined) return typeof raw === 'number' ? undefined : expected();
      // An integer that fits the width, signed or unsigned (a u32 may be given -1).
      const fits = (n: bigint) => n >= -(2n ** BigInt(bits - 1)) && n < 2n ** BigInt(bits);
      if (typeof raw === 'bigint') return bits === 64 && fits(raw) ? undefined : expected();
      if (typeof raw === 'number' && Number.isInteger(raw) && (bits < 64 || Number.isSafeInteger(raw)))
        return fits(BigInt(raw)) ? undefined : `${path}${raw} does not fit ${show(type)}`;
      return expected();
    }
    case 'array': {
      const found = arrayOf(value, options);
      if (typeof found === 'string') return `${path}${found}`;
      if (found === undefined) return expected();
      const { element, rank } = found;
      return (element === undefined || element === type.element.name) && rank === type.rank
        ? undefined
        : expected();
    }
    case 'record': {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return expected();
      const names = type.fields.map(([name]) => name);
      const extra = Object.keys(value).filter((k) => !names.includes(k));
      const missing = names.filter((k) => !Object.hasOwn(value, k));
      if (extra.length > 0 || missing.length > 0) return expected();
      for (const [name, field] of type.fields) {
        const why = mismatch(
          field,
          (value as Record<string, unknown>)[name],
          options,
          `${path}field '${name}' `,
        );
        if (why) return why;
      }
      return undefined;
    }
    case 'tuple': {
      if (!Array.isArray(value) || value.length !== type.elements.length) return expected();
      for (const [i, element] of type.elements.entries()) {
        const why = mismatch(element, value[i], options, `${path}element ${i} `);
        if (why) return why;
      }
      return undefined;
    }
    case 'function':
      // A function type is a singleton: only that function (or a value standing for it).
      return typeOfValue(value) === type
        ? undefined
        : `${path}must be the function ${type.name} the kernel was compiled for (each function is its own type), not ${describeInMessage(value)}`;
    default:
      return expected();
  }
}

/** The name and position of a parameter in messages: `argument 2 ('y')`. */
export function parameterOf(
  signature: Omit<KernelSignature, 'argTypes'>,
  index: number,
): ParameterName & { text: string } {
  let name = '';
  try {
    name = signature.parameterNames?.()[index] ?? '';
  } catch {
    // Names only decorate the message; a kernel whose text cannot be read keeps positions.
  }
  return { index, name, text: `argument ${index + 1}${name ? ` ('${name}')` : ''}` };
}

/**
 * Refuses a launch with `given` arguments for a kernel of `expected` parameters: a `bad-argument`
 * LaunchError naming the first missing parameter, or saying which arguments are extra.
 */
export function checkCount(
  signature: Omit<KernelSignature, 'argTypes'>,
  expected: number,
  given: number,
): void {
  if (given === expected) return;
  const first = Math.min(given, expected);
  const parameter = parameterOf(signature, first);
  const detail = given < expected ? `${parameter.text} is missing` : `argument ${first + 1} on are extra`;
  throw new LaunchError(
    ErrorCode.badArgument,
    `${signature.name} takes ${expected} argument(s), not ${given}: ${detail}`,
    given < expected ? { index: first, name: parameter.name } : undefined,
  );
}

/** Throws a `bad-argument` LaunchError unless a launch's arguments are an array. */
export function checkArgumentList(kernel: string, values: unknown): asserts values is readonly unknown[] {
  if (!Array.isArray(values))
    throw new LaunchError(
      ErrorCode.badArgument,
      `${kernel}'s arguments are given as an array of values, not ${describeInMessage(values)}`,
    );
}

/**
 * Checks a launch's arguments against a kernel's signature: their count, and each value against
 * its parameter's type (a scalar a number, bigint or boolean that fits it; an array a typed
 * array of its element, a view of its rank, or a device array; a record or tuple of exactly its
 * shape; a function argument that very function). Throws a `bad-argument` LaunchError naming the
 * first parameter that does not fit.
 */
export function checkArguments(
  signature: KernelSignature,
  values: readonly unknown[],
  options: ArgumentOptions = {},
): void {
  const { argTypes } = signature;
  checkArgumentList(signature.name, values);
  checkCount(signature, argTypes.length, values.length);
  argTypes.forEach((type, index) => {
    const why = mismatch(type, values[index], options, '');
    if (why === undefined) return;
    const parameter = parameterOf(signature, index);
    throw new LaunchError(ErrorCode.badArgument, `${signature.name}'s ${parameter.text} ${why}`, {
      index,
      name: parameter.name,
    });
  });
}

/**
 * Whether a value is, without doubt, one a type takes, in the forms launches pass most often
 * (numbers, booleans, typed arrays, the back-end's device arrays), without allocating; false
 * means only "ask `mismatch`", which decides every form and words the error.
 */
function quickFit(type: Type, options: ArgumentOptions): (value: unknown) => boolean {
  if (type.kind === 'scalar') {
    if (type.name === 'bool') return (value) => typeof value === 'boolean';
    const bits = INTEGER_BITS[type.name];
    if (bits === undefined) return (value) => typeof value === 'number';
    if (bits === 64) return () => false;
    // The range `mismatch` accepts: signed or unsigned values of the width.
    const low = -(2 ** (bits - 1));
    const high = 2 ** bits;
    return (value) => typeof value === 'number' && Number.isInteger(value) && value >= low && value < high;
  }
  if (type.kind === 'array') {
    const { deviceArray } = options;
    const element = type.element.name;
    const rank = type.rank;
    const isDevice = (value: unknown) => {
      const found = deviceArray?.(value);
      return found !== undefined && found.element === element && found.rank === rank;
    };
    const isHost = (value: unknown) =>
      rank === 1 &&
      options.host !== false &&
      ArrayBuffer.isView(value) &&
      value.byteLength > 0 &&
      elementOfArray(value) === element;
    return (value) =>
      isHost(value) ||
      isDevice(value) ||
      // `{ array }` without a shape is the array itself.
      (typeof value === 'object' &&
        value !== null &&
        (value as { shape?: unknown }).shape === undefined &&
        isDevice((value as { array?: unknown }).array));
  }
  return () => false;
}

/**
 * `checkArguments` made once for a kernel, for launches that check the same signature again and
 * again: common arguments are accepted by per-parameter tests made here, anything else goes
 * through `checkArguments` (which throws the same errors).
 */
export function argumentChecker(
  signature: KernelSignature,
  options: ArgumentOptions = {},
): (values: readonly unknown[]) => void {
  const quick = signature.argTypes.map((type) => quickFit(type, options));
  return (values) => {
    if (Array.isArray(values) && values.length === quick.length) {
      let i = 0;
      while (i < quick.length && (quick[i] as (value: unknown) => boolean)(values[i])) i++;
      if (i === quick.length) return;
    }
    checkArguments(signature, values, options);
  };
}

/**
 * The kernel types of launch arguments, for compiling a kernel for them: a device array is an
 * array of its element. As many as the kernel's parameters (when their names can be read), and
 * each with a type; otherwise a `bad-argument` LaunchError naming the parameter.
 */
export function argumentTypes(
  signature: Omit<KernelSignature, 'argTypes'>,
  values: readonly unknown[],
  deviceArray?: DeviceArrayOf,
): Type[] {
  let names: readonly string[] | undefined;
  try {
    names = signature.parameterNames?.();
  } catch {
    // A kernel that does not parse fails to compile, with its syntax error located.
  }
  if (names) checkCount(signature, names.length, values.length);
  return values.map((value, index) => {
    const device = deviceOf(value, deviceArray);
    const type =
      typeof device === 'object' && device.element !== undefined
        ? deviceArrayType(device.element, device.rank)
        : typeOfValue(value);
    if (type) return type;
    const parameter = parameterOf(signature, index);
    throw new LaunchError(
      ErrorCode.badArgument,
      `${signature.name}'s ${parameter.text} is ${describeInMessage(value)}, which has no kernel type (numbers, bigints, booleans, typed arrays but Uint8ClampedArray, views, functions, plain objects and arrays of these do)`,
      { index, name: parameter.name },
    );
  });
}

function deviceArrayType(element: string, rank: number): Type | undefined {
  return parseType(`${element}[${','.repeat(Math.max(rank - 1, 0))}]`);
}
