/**
 * gpuc's documented semantics, emulated in JavaScript. The generator prints every operation of
 * a kernel a second time as a call into this module (`$.b('+', 'i32', a, b)`), which computes
 * what JavaScript computes and then applies only the divergences docs/language.md states. Each
 * time a divergence changes a value it records its tag, so a compiled result that differs from
 * plain JavaScript is accepted only when this emulation produces it, and only with the tags that
 * actually fired.
 */
import { gpu as reference } from '@gpuc/core';
import type { NumberType, Ty } from './types.js';

/** The divergences docs/language.md documents, as the tags the report counts. */
export const DIVERGENCES = {
  'int-wrap': 'an integer operation left its type and wrapped ("Where integers can disagree")',
  'int-mod-zero': 'integer % by zero gives 0 ("Where integers can disagree")',
  'int-zero-sign':
    'an integer -0 passed to or returned from a function, or shuffled between threads, is +0 ("Integer results keep JavaScript\'s -0")',
  'f32-rounding': 'f32 computed and rounded per operation ("Where f32 differs")',
  'f32-contraction': 'an f32 product and sum fused into one rounding ("Where f32 differs")',
  'math-ulps': 'a Math function within its stated ulps ("Where f32 differs", f64 Math within 2 ulps)',
  'f32-flush':
    'an f32 operation flushed a subnormal operand or result to zero (WebGPU on a driver that flushes, "WebGPU")',
  'bounds-check':
    'an index out of range under boundsCheck is a device exception where JavaScript reads undefined ("Arrays")',
  'atomic-f32-flush':
    'an f32 atomic addition flushed a subnormal operand or result to zero (CUDA, "Atomics")',
} as const;

/** How the emulation computes: as docs/language.md says every back-end does, or more. */
export interface EmulationOptions {
  /**
   * f32 arithmetic flushes subnormal operands and results to zero (keeping the sign), as WGSL
   * lets a driver do and NVIDIA's Vulkan driver does; loads, stores and conversions keep them.
   */
  readonly flushF32Subnormals?: boolean;
  /** f32 atomic additions and subtractions flush subnormal operands and results, as CUDA's do. */
  readonly flushF32Atomics?: boolean;
}

/** The smallest normal f32. */
const MIN_NORMAL_F32 = 2 ** -126;

export type DivergenceTag = keyof typeof DIVERGENCES;

type Num = number | bigint;

const MIN32 = -(2 ** 31);
const MAX32 = 2 ** 31 - 1;
const MAXU32 = 2 ** 32 - 1;

/** The emulation runtime of one evaluation: the operations and the tags they fired. */
export class Emulation {
  readonly fired = new Set<DivergenceTag>();
  /** A variable's old value while its postfix `++`/`--` stores the new one (`v++` as a value). */
  kept: Num = 0;

  constructor(private readonly options: EmulationOptions = {}) {}

  /** An f32 operand or result as a flushing driver sees it: a subnormal is a zero of its sign. */
  private flushed<T extends Num>(value: T): T {
    if (!this.options.flushF32Subnormals || typeof value !== 'number') return value;
    if (value === 0 || !(Math.abs(value) < MIN_NORMAL_F32)) return value;
    this.tag('f32-flush');
    return (value < 0 ? -0 : 0) as T;
  }

  /** An f32 atomic addition's operand or result as CUDA's leaves it: a subnormal is a zero of its sign. */
  atomicF32(value: number): number {
    if (!this.options.flushF32Atomics || value === 0 || !(Math.abs(value) < MIN_NORMAL_F32)) return value;
    this.tag('atomic-f32-flush');
    return value < 0 ? -0 : 0;
  }

  private tag(tag: DivergenceTag): void {
    this.fired.add(tag);
  }

  /** Rounds a double to f32, noting when that changes it. */
  private f32(value: number): number {
    const r = Math.fround(value);
    if (!Object.is(r, value) && !(Number.isNaN(r) && Number.isNaN(value))) this.tag('f32-rounding');
    return r;
  }

  /** An integer value passed to or returned from a function: JavaScript's -0 arrives as +0. */
  z = (value: Num): Num => {
    if (!Object.is(value, -0)) return value;
    this.tag('int-zero-sign');
    return 0;
  };

  /**
   * An index of `array` under `boundsCheck`: itself in range; outside, the device exception
   * compiled code raises there (JavaScript reads undefined, or stores nothing).
   */
  check = (array: ArrayLike<unknown>, index: number): number => {
    if (Number.isInteger(index) && index >= 0 && index < array.length) return index;
    this.tag('bounds-check');
    throw new Error(`index out of range: ${index} outside ${array.length} elements`);
  };

  /** A value's implicit conversion by promotion (or a literal's to the type it meets). */
  w = (to: Ty, value: Num): Num => (to === 'f32' ? this.f32(value as number) : value);

  /** A binary arithmetic operation computed in type `t` (operands already converted to it). */
  b = (op: string, t: Ty, a: Num, b: Num): Num => {
    if (t === 'f32') return this.flushed(this.f32(jsBinary(op, this.flushed(a), this.flushed(b)) as number));
    const exact = jsBinary(op, a, b);
    switch (t) {
      case 'i32':
      case 'u32':
        return this.int32(op, t, a as number, b as number, exact as number);
      case 'i64':
      case 'u64': {
        const wrapped =
          t === 'i64' ? BigInt.asIntN(64, exact as bigint) : BigInt.asUintN(64, exact as bigint);
        if (wrapped !== exact) this.tag('int-wrap');
        return wrapped;
      }
      default:
        return exact;
    }
  };

  private int32(op: string, t: 'i32' | 'u32', a: number, b: number, exact: number): number {
    if (op === '%' && b === 0) {
      this.tag('int-mod-zero');
      return 0;
    }
    const [lo, hi] = t === 'i32' ? [MIN32, MAX32] : [0, MAXU32];
    // A product of two 32-bit integers may round as a double: Math.imul gives its exact low bits.
    if (exact >= lo && exact <= hi) return exact;
    this.tag('int-wrap');
    const low = op === '*' ? Math.imul(a, b) : exact | 0;
    return t === 'i32' ? low : low >>> 0;
  }

  /**
   * `a[k] op= x` as JavaScript evaluates it: the index once, the old element read before the
   * right side (`update` computes the new value from it); the new value stored, converted by
   * the array, and returned unconverted.
   */
  at = (array: Record<number, Num>, index: number, update: (old: Num) => Num): Num => {
    const value = update(array[index] as Num);
    array[index] = value;
    return value;
  };

  /** Unary minus computed in type `t`. */
  neg = (t: Ty, a: Num): Num => {
    const exact = -(a as number);
    if (t === 'i64' || t === 'u64') return this.b('-', t, t === 'i64' ? 0n : 0n, a);
    if (t === 'i32' && exact === 2 ** 31) {
      this.tag('int-wrap');
      return MIN32;
    }
    if (t === 'u32' && exact < 0) {
      this.tag('int-wrap');
      return exact >>> 0;
    }
    return exact;
  };

  /** `~x` of a BigInt type: JavaScript's exact result, wrapped into the type (`~0n` of u64 is 2^64 - 1). */
  not = (t: 'i64' | 'u64', a: bigint): bigint => {
    const exact = ~a;
    const wrapped = t === 'i64' ? BigInt.asIntN(64, exact) : BigInt.asUintN(64, exact);
    if (wrapped !== exact) this.tag('int-wrap');
    return wrapped;
  };

  /** A Math function of one float or integer value that keeps its type `t`. */
  m = (name: string, t: Ty, ...args: number[]): number => {
    const math = (Math as unknown as Record<string, (...a: number[]) => number>)[name];
    if (t === 'f32') return this.flushed(this.f32(math?.(...args.map((x) => this.flushed(x))) as number));
    const exact = math?.(...args) as number;
    if (t === 'i32' && name === 'abs' && exact === 2 ** 31) {
      this.tag('int-wrap');
      return MIN32;
    }
    return exact;
  };

  /**
   * `gpu.fma(a, b, c)` of f32 values: `a * b + c` rounded once to f32 where JavaScript's
   * `gpu.fma` rounds once to a double ("Where f32 differs").
   */
  fmaf = (a: number, b: number, c: number): number => {
    [a, b, c] = [a, b, c].map((x) => this.flushed(x)) as [number, number, number];
    const r = fma32(a, b, c);
    const js = reference.fma(a, b, c);
    if (!Object.is(r, js) && !(Number.isNaN(r) && Number.isNaN(js))) this.tag('f32-rounding');
    return this.flushed(r);
  };

  /** An f32 product and sum rounded once (`c + a * b`, `a * b - c`...), as a contraction gives. */
  fma = (a: number, b: number, c: number, form: 'mul+c' | 'c+mul' | 'mul-c' | 'c-mul'): number => {
    [a, b, c] = [a, b, c].map((x) => this.flushed(x)) as [number, number, number];
    // The product of two f32 values is exact as a double; the sum then rounds once to f32.
    const p = a * b;
    const exact = form === 'mul+c' || form === 'c+mul' ? p + c : form === 'mul-c' ? p - c : c - p;
    const r = Math.fround(exact);
    const separate = Math.fround(
      form === 'mul+c' || form === 'c+mul'
        ? Math.fround(p) + c
        : form === 'mul-c'
          ? Math.fround(p) - c
          : c - Math.fround(p),
    );
    if (!Object.is(r, separate)) this.tag('f32-contraction');
    return this.flushed(r);
  };
}

/** JavaScript's own result of a binary operator. */
function jsBinary(op: string, a: Num, b: Num): Num {
  const x = a as number;
  const y = b as number;
  switch (op) {
    case '+':
      return x + y;
    case '-':
      return x - y;
    case '*':
      return x * y;
    case '/':
      return x / y;
    case '%':
      return x % y;
    case '**':
      return x ** y;
    case '&':
      return x & y;
    case '|':
      return x | y;
    case '^':
      return x ^ y;
    case '<<':
      return x << y;
    case '>>':
      return x >> y;
    default:
      throw new Error(`emulate: no operator ${op}`);
  }
}

/** Converts as a store into a `t` typed array would (what `f32(x)`, `i8(x)`... mean). */
export function convert(t: NumberType, value: number): number {
  const array = new CONVERTERS[t](1);
  array[0] = value;
  return array[0] as number;
}

const CONVERTERS: Record<NumberType, new (n: number) => ArrayLike<number> & { [i: number]: number }> = {
  i8: Int8Array,
  u8: Uint8Array,
  i16: Int16Array,
  u16: Uint16Array,
  i32: Int32Array,
  u32: Uint32Array,
  f32: Float32Array,
  f64: Float64Array,
};

/** The f32 nearest `x` on the side `up` (x an f32, finite and not the largest). */
function nextF32(x: number, up: boolean): number {
  const bits = new Int32Array(new Float32Array([x]).buffer);
  const b = bits[0] as number;
  // Ordered bits: stepping toward +Infinity is +1 for positives, -1 for negatives.
  if (x === 0) bits[0] = up ? 1 : 0x80000001;
  else bits[0] = b + (x > 0 === up ? 1 : -1);
  return new Float32Array(bits.buffer)[0] as number;
}

/**
 * `a * b + c` of f32 values rounded once to f32. The product is exact as a double; the double
 * sum and its rounding error (two-sum) hold the exact result, which rounding the sum to f32
 * gets right unless the sum fell exactly halfway between two f32s: then the error's sign says
 * which way the exact value lies.
 */
export function fma32(a: number, b: number, c: number): number {
  const p = a * b;
  const s = p + c;
  if (!Number.isFinite(s)) return Math.fround(s);
  const v = s - p;
  const error = p - (s - v) + (c - v);
  const r = Math.fround(s);
  if (error === 0 || r === s || !Number.isFinite(r)) return r;
  const other = nextF32(r, s > r);
  if ((r + other) / 2 !== s) return r;
  return error > 0 === other > r ? other : r;
}
