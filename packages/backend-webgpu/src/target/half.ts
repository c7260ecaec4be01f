/**
 * `f16` and `bf16` arrays in WGSL. On the `words` route each element is held in a `u32` word of
 * its own (its bits in the low half), so that threads storing neighbouring elements never share
 * a word (two halves of one word would need an atomic read-modify-write per store); the runtime
 * widens the host's 16-bit elements on upload and narrows them on read-back. On the `shader-f16`
 * route an f16 array is WGSL's own `array<f16>` (two bytes an element, the host's bytes as they
 * are), read and written through bitcasts of its bits. Either way reads and stores convert with
 * integer code, bit-exact with the reference runner: WGSL's own `f16` conversions (and
 * `pack2x16float`) leave the rounding between two neighbours, and overflow, to the
 * implementation, and a conversion may flush a subnormal to zero where a bitcast keeps it.
 */
import type { IRInstruction, KernelType, Span } from '@gpuc/core/compiler';
import { BFloat16Bits, Float16Bits } from '@gpuc/core/host';
import type { ArrayName, WriterContext } from './context.js';
import { need } from './helpers.js';
import { constantOf } from './words.js';

/** The 16-bit float types an array may hold. */
export type Half = 'f16' | 'bf16';

/** The 16-bit float type a kernel type is, if it is one. */
export function halfOf(type: KernelType | undefined): Half | undefined {
  return type?.kind === 'scalar' && (type.name === 'f16' || type.name === 'bf16') ? type.name : undefined;
}

/** The WGSL that reads a 16-bit element's word as the f32 holding it exactly. */
export function halfRead(c: WriterContext, half: Half, word: string): string {
  need(c.parts.helpers, `gpuc_${half}_f32`);
  return `gpuc_${half}_f32(${word})`;
}

/** The bits of a constant rounded to a 16-bit type, as a store of it into a host array gives. */
function constantBits(half: Half, value: number | boolean): number {
  const one = half === 'f16' ? new Float16Bits(1) : new BFloat16Bits(1);
  one.setValue(0, Number(value));
  return one[0] as number;
}

/**
 * A value rounded to a 16-bit type, as the u32 holding its bits: what a store into an array of
 * that type writes (a constant, f64 ones included, rounded once when compiling).
 */
export function halfBits(c: WriterContext, inst: IRInstruction, half: Half, span: Span): string {
  const known = constantOf(inst, c.parts.scope);
  if (known !== undefined) return `${constantBits(half, known)}u`;
  const from = halfOf(inst.type);
  if (from === half) return c.value(inst);
  // Integers reach f16 through f32, which holds them exactly below 2^24 (larger ones overflow
  // f16), and bf16 rounds through f32 by definition: one rounding, as the reference's.
  need(c.parts.helpers, `gpuc_f32_${half}`);
  return `gpuc_f32_${half}(${c.coerce(inst, 'f32', span)})`;
}

/** An element of a 16-bit array (`at`, its WGSL) as the u32 holding its bits. */
export function halfElementBits(array: ArrayName, at: string): string {
  return array.f16 ? `bitcast<u32>(vec2<f16>(${at}, 0.0h))` : at;
}

/** What a 16-bit array's element is set to for the u32 holding its bits (`halfBits`). */
export function halfElement(array: ArrayName, bits: string): string {
  if (!array.f16) return bits;
  // A constant's bitcast would be evaluated when the shader is made, where an f16 NaN or
  // Infinity is an error: the bits come through the zero WGSL cannot know.
  return `bitcast<vec2<f16>>(${/^\d+u$/.test(bits) ? `${bits} | gpuc_zero` : bits}).x`;
}
