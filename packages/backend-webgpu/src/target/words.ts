/**
 * WGSL words (f32, i32, u32, bool) with JavaScript's semantics: literals, truthiness and
 * conversions as gpuc defines them.
 */
import type { IRInstruction } from '@gpuc/core/compiler';
import type { WordType } from '../webgpu/layout.js';
import { need } from './helpers.js';

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
  // Any other f32 exactly. WGSL refuses a NaN or an infinity as a constant, and a -0 constant
  // may be merged with a 0 one (lavapipe stored 0 for the -0 of a kernel that had both):
  // adding the private zero makes it a value computed when the kernel runs.
  const bits = new Uint32Array(new Float32Array([f]).buffer)[0] as number;
  const computed = !Number.isFinite(f) || Object.is(f, -0);
  return `bitcast<f32>(0x${bits.toString(16)}u${computed ? ' + gpuc_zero' : ''})`;
}

/**
 * The value of a constant expression: a constant, a number of the kernel's `scope` (compiled in
 * as a constant, docs/language.md "Captured values"), or `-` or `+` of one.
 */
export function constantOf(
  inst: IRInstruction,
  scope: Readonly<Record<string, unknown>>,
): number | boolean | undefined {
  if (inst.op === 'const')
    return typeof inst.value === 'number' || typeof inst.value === 'boolean' ? inst.value : undefined;
  if (inst.op === 'global') {
    const value = Object.hasOwn(scope, inst.name) ? scope[inst.name] : undefined;
    return typeof value === 'number' ? value : value instanceof Number ? value.valueOf() : undefined;
  }
  if (inst.op !== 'unary' || (inst.operator !== '-' && inst.operator !== '+')) return undefined;
  const operand = constantOf(inst.args[0] as IRInstruction, scope);
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
