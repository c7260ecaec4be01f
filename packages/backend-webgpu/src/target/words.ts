/**
 * WGSL words (f32, i32, u32, bool) with JavaScript's semantics: literals, truthiness and
 * conversions as gpuc defines them, and the helper functions the written code calls where WGSL's
 * own builtins differ from JavaScript.
 */
import type { IRInstruction } from '@gpuc/core/compiler';
import type { WordType } from '../webgpu/layout.js';

/** WGSL functions the written code calls for JavaScript's semantics. */
export const HELPERS: Readonly<Record<string, string>> = {
  // NaN and infinity by their bits: WGSL lets a compiler assume that x != x is false.
  gpuc_nan: `fn gpuc_nan(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) > 0x7f800000u; }`,
  gpuc_finite: `fn gpuc_finite(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) < 0x7f800000u; }`,
  // ToUint32 of a float (a store into a Uint32Array): truncation modulo 2^32, NaN and infinities 0.
  gpuc_f32_bits: `fn gpuc_f32_bits(f: f32) -> u32 {
  if (!gpuc_finite(f)) { return 0u; }
  let t = trunc(f);
  if (abs(t) < 2147483648.0) { return bitcast<u32>(i32(t)); }
  // Past 2^31 a float is a multiple of 256: the remainder is exact.
  return u32(t - 4294967296.0 * floor(t / 4294967296.0));
}`,
  // The f32 remainder, exact as JavaScript's: long division of the mantissas, one bit of the
  // exponent difference at a time (WGSL's x - y * trunc(x / y) rounds).
  gpuc_fmod: `fn gpuc_fmod(x: f32, y: f32) -> f32 {
  let sign = bitcast<u32>(x) & 0x80000000u;
  let ax = bitcast<u32>(x) & 0x7fffffffu;
  let ay = bitcast<u32>(y) & 0x7fffffffu;
  if (ax >= 0x7f800000u || ay > 0x7f800000u || ay == 0u) { return bitcast<f32>(0x7fc00000u + gpuc_zero); }
  if (ax < ay) { return x; }
  if (ax == ay) { return bitcast<f32>(sign); }
  // Each as m * 2^(e - 150), m normalised to 24 bits (subnormals have e = 1 and no hidden bit).
  var ex = max(i32(ax >> 23u), 1);
  var ey = max(i32(ay >> 23u), 1);
  var r = select(ax & 0x7fffffu, (ax & 0x7fffffu) | 0x800000u, (ax >> 23u) != 0u);
  var m = select(ay & 0x7fffffu, (ay & 0x7fffffu) | 0x800000u, (ay >> 23u) != 0u);
  loop { if (r >= 0x800000u) { break; } r = r << 1u; ex = ex - 1; }
  loop { if (m >= 0x800000u) { break; } m = m << 1u; ey = ey - 1; }
  loop {
    if (r >= m) { r = r - m; }
    if (ex <= ey) { break; }
    r = r << 1u;
    ex = ex - 1;
  }
  if (r == 0u) { return bitcast<f32>(sign); }
  loop { if (r >= 0x800000u) { break; } r = r << 1u; ex = ex - 1; }
  // The remainder is below |y|, so it is exact as a float; a subnormal loses only zero bits.
  if (ex >= 1) { return bitcast<f32>(sign | (u32(ex) << 23u) | (r & 0x7fffffu)); }
  return bitcast<f32>(sign | (r >> u32(1 - ex)));
}`,
  // A thread's or block's linear index, x fastest, for device exception reports.
  gpuc_linear: `fn gpuc_linear(i: vec3u, n: vec3u) -> u32 { return i.x + n.x * (i.y + n.y * i.z); }`,
  // Math.max and Math.min: NaN wins, and +0 is greater than -0.
  gpuc_max: `fn gpuc_max(a: f32, b: f32) -> f32 {
  if (gpuc_nan(a)) { return a; }
  if (gpuc_nan(b)) { return b; }
  if (a == b) { return bitcast<f32>(bitcast<u32>(a) & bitcast<u32>(b)); }
  return select(b, a, a > b);
}`,
  gpuc_min: `fn gpuc_min(a: f32, b: f32) -> f32 {
  if (gpuc_nan(a)) { return a; }
  if (gpuc_nan(b)) { return b; }
  if (a == b) { return bitcast<f32>(bitcast<u32>(a) | bitcast<u32>(b)); }
  return select(b, a, a < b);
}`,
  // Math.round: halves round up, and the sign of zero is kept.
  gpuc_round: `fn gpuc_round(x: f32) -> f32 {
  let f = floor(x);
  let r = select(f, f + 1.0, x - f >= 0.5);
  let zero = bitcast<f32>(bitcast<u32>(x) & 0x80000000u);
  return select(select(r, zero, r == 0.0), x, !gpuc_finite(x) || abs(x) > 8388608.0);
}`,
};

/** The helpers each helper calls. */
const NEEDS: Readonly<Record<string, readonly string[]>> = {
  gpuc_f32_bits: ['gpuc_finite'],
  gpuc_max: ['gpuc_nan'],
  gpuc_min: ['gpuc_nan'],
  gpuc_round: ['gpuc_finite'],
};

/** Adds a helper, and those it calls, to a set. */
export function need(helpers: Set<string>, name: string): void {
  for (const called of NEEDS[name] ?? []) need(helpers, called);
  helpers.add(name);
}

/** The WGSL type of an atomic element: f32s are held as their bits. */
export const atomicOf = (element: WordType) => `atomic<${element === 'f32' ? 'u32' : element}>`;

/** A literal of a word type. */
export function literal(type: WordType, value: number | boolean): string {
  if (type === 'bool') return value ? 'true' : 'false';
  const n = Number(value);
  if (type === 'i32') return `i32(${n | 0})`;
  if (type === 'u32') return `${n >>> 0}u`;
  const f = Math.fround(n);
  if (Number.isInteger(f) && Math.abs(f) < 2 ** 24 && !Object.is(f, -0)) return `f32(${f})`;
  // Any other f32 exactly. WGSL refuses a NaN or an infinity as a constant: adding the private
  // zero makes it a value computed when the kernel runs.
  const bits = new Uint32Array(new Float32Array([f]).buffer)[0] as number;
  return `bitcast<f32>(0x${bits.toString(16)}u${Number.isFinite(f) ? '' : ' + gpuc_zero'})`;
}

/** The value of a constant expression: a constant, or `-` or `+` of one. */
export function constantOf(inst: IRInstruction): number | boolean | undefined {
  if (inst.op === 'const')
    return typeof inst.value === 'number' || typeof inst.value === 'boolean' ? inst.value : undefined;
  if (inst.op !== 'unary' || (inst.operator !== '-' && inst.operator !== '+')) return undefined;
  const operand = constantOf(inst.args[0] as IRInstruction);
  return typeof operand === 'number' ? (inst.operator === '-' ? -operand : operand) : undefined;
}

/** A JavaScript value converted as a store into an array of the type would (bool: truthiness). */
export function jsConvert(value: number | boolean, to: WordType): number | boolean {
  const n = Number(value);
  if (to === 'bool') return n !== 0 && !Number.isNaN(n);
  if (to === 'i32') return n | 0;
  if (to === 'u32') return n >>> 0;
  return Math.fround(n);
}

/** JavaScript's truthiness of a word. */
export function truthy(type: WordType, x: string, helpers: Set<string>): string {
  if (type === 'bool') return x;
  if (type === 'f32') {
    need(helpers, 'gpuc_nan');
    return `(${x} != 0.0 && !gpuc_nan(${x}))`;
  }
  return `(${x} != ${literal(type, 0)})`;
}

/** A conversion between word types as gpuc defines it (a store into that typed array). */
export function convertWord(from: WordType, to: WordType, x: string, helpers: Set<string>): string {
  if (from === to) return x;
  if (to === 'bool') return truthy(from, x, helpers);
  if (from === 'bool') return `select(${literal(to, 0)}, ${literal(to, 1)}, ${x})`;
  if (to === 'f32') return `f32(${x})`;
  if (from === 'f32') {
    need(helpers, 'gpuc_f32_bits');
    return to === 'u32' ? `gpuc_f32_bits(${x})` : `bitcast<i32>(gpuc_f32_bits(${x}))`;
  }
  return `bitcast<${to}>(${x})`;
}
