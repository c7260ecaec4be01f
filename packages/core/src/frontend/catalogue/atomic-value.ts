/**
 * Where an atomic's value may have another type than the array's element. Compiled code
 * converts the value to the element type and then applies the operation, as CUDA does;
 * JavaScript applies it to the two numbers as they are and converts only the result, as the
 * store does. The two agree where the conversion changes no value the type can hold, and for
 * operations the conversion commutes with; everywhere else the value is refused.
 */
import { type Instruction, literalValue } from '../ir.js';
import { isFloat, isInteger, type ScalarType, show, type Type } from '../types.js';

/** What an atomic does with a value: combines it with the element, compares it, or stores it. */
export type AtomicUse = 'Add' | 'Sub' | 'Min' | 'Max' | 'And' | 'Or' | 'Xor' | 'Exch' | 'compare';

/** The value types each element type holds every value of. */
const HELD: Readonly<Record<string, readonly string[]>> = {
  i32: ['i8', 'i16', 'u8', 'u16', 'i32'],
  u32: ['u8', 'u16', 'u32'],
  i64: ['i64'],
  u64: ['u64'],
  f32: ['i8', 'i16', 'u8', 'u16', 'f32'],
  f64: ['i8', 'i16', 'u8', 'u16', 'i32', 'u32', 'f32', 'f64'],
};

const RANGES: Readonly<Record<string, readonly [number, number]>> = {
  i32: [-(2 ** 31), 2 ** 31],
  u32: [0, 2 ** 32],
};

/** Whether the element type holds a constant exactly (converting it is the identity). */
function holdsConstant(element: ScalarType, value: number | bigint): boolean {
  if (typeof value === 'bigint')
    return BigInt[element.name === 'u64' ? 'asUintN' : 'asIntN'](64, value) === value;
  if (element.name === 'f64') return true;
  if (element.name === 'f32') return Math.fround(value) === value || Number.isNaN(value);
  const [low, high] = RANGES[element.name] ?? [0, 0];
  return Number.isInteger(value) && value >= low && value < high;
}

/** The global names whose values are numbers every kernel sees. */
const GLOBAL_NUMBERS: Readonly<Record<string, number>> = {
  NaN: Number.NaN,
  Infinity: Number.POSITIVE_INFINITY,
};

/**
 * The values a value can take when it is a constant, or one of several merged (`c ? -0 : 0`);
 * undefined for any other.
 */
function constants(inst: Instruction, depth = 0): (number | bigint)[] | undefined {
  const value = inst.op === 'global' ? GLOBAL_NUMBERS[inst.name] : literalValue(inst);
  if (value !== undefined) return [value];
  if (inst.op !== 'phi' || depth > 8) return undefined;
  const merged = inst.args.map((arg) => constants(arg, depth + 1));
  return merged.every((values) => values !== undefined) ? merged.flat() : undefined;
}

/** Whether a value is an integer of 32 bits (a sum with an element is then exact in a double). */
function isWord(type: Type, values: readonly (number | bigint)[] | undefined): boolean {
  if (values === undefined) return isInteger(type) || (type.kind === 'literal' && !type.float);
  return values.every(
    (value) =>
      typeof value === 'bigint' || (Number.isInteger(value) && value >= -(2 ** 31) && value < 2 ** 32),
  );
}

/**
 * Why compiled code could give another result than JavaScript for an atomic that uses `value`
 * (of type `type`) so on an array of `element`, or undefined where the two always agree.
 */
export function atomicValueProblem(
  use: AtomicUse,
  element: ScalarType,
  type: Type,
  value: Instruction | undefined,
): string | undefined {
  const values = value && constants(value);
  const held =
    values !== undefined
      ? values.every((constant) => holdsConstant(element, constant))
      : type.kind === 'scalar' && HELD[element.name]?.includes(type.name);
  if (held) return undefined;
  // ToInt32, ToUint32 and BigInt.asIntN commute with the bitwise operations, and a stored value
  // converts as the compiled conversion does.
  if (['And', 'Or', 'Xor', 'Exch'].includes(use)) return undefined;
  // Integer sums are the same modulo 2^32 (2^64), the store's conversion.
  if ((use === 'Add' || use === 'Sub') && !isFloat(element) && isWord(type, values)) return undefined;
  // Rounding an integer to a float keeps its order and never gives -0, so the same one wins;
  // an f64 compares with an f32 element before it rounds (codegen/atomics.ts).
  if ((use === 'Min' || use === 'Max') && isFloat(element)) return undefined;
  const what = values?.length === 1 ? String(values[0]) : `the value (${show(type)})`;
  const why =
    use === 'compare'
      ? `JavaScript compares the element with ${what} as it is`
      : use === 'Min' || use === 'Max'
        ? `JavaScript compares ${what} with the element as it is`
        : `JavaScript ${use === 'Add' ? 'adds' : 'subtracts'} ${what} as it is and converts the result once`;
  return `${why}, where compiled code would convert it to ${show(element)} first; convert it yourself, ${element.name}(x)`;
}
