/**
 * Atomics in WGSL: i32 and u32 through WGSL's own, compare-and-swap as a retried weak exchange,
 * and f32 (held as its bits) as compare-and-swap loops.
 */
import type { IRInstruction } from '@gpuc/core/compiler';
import type { WriterContext } from './context.js';
import { element } from './throws.js';
import { convertWord } from './words.js';

/** Atomic intrinsics and WGSL's functions. */
const ATOMICS: Readonly<Record<string, string>> = {
  'gpu.atomicAdd': 'atomicAdd',
  'gpu.atomicSub': 'atomicSub',
  'gpu.atomicMin': 'atomicMin',
  'gpu.atomicMax': 'atomicMax',
  'gpu.atomicAnd': 'atomicAnd',
  'gpu.atomicOr': 'atomicOr',
  'gpu.atomicXor': 'atomicXor',
  'gpu.atomicExch': 'atomicExchange',
};

/** Whether an intrinsic is an atomic (its first argument then holds `atomic<T>` elements). */
export const isAtomic = (name: string) => name in ATOMICS || name === 'gpu.atomicCAS';

/** An atomic intrinsic's call. */
export function atomic(c: WriterContext, inst: IRInstruction & { op: 'call' }) {
  const array = c.array(inst.args[0] as IRInstruction, inst.span);
  if (!array.atomic)
    return c.refuse(inst.span, 'an atomic in a device function on an array the kernel uses without atomics');
  const pointer = `&${element(c, array, inst.args[1] as IRInstruction, inst.span)}`;
  const operand = (i: number) => c.coerce(inst.args[i] as IRInstruction, array.element, inst.span);
  if (array.element === 'f32') return floatAtomic(c, inst, pointer, operand);
  const wgsl = ATOMICS[inst.name];
  if (wgsl) {
    const old = `${wgsl}(${pointer}, ${operand(2)})`;
    if (!c.hasVar(inst)) return c.emit(`_ = ${old};`);
    const type = c.scalar(inst.type, inst.span);
    return c.emit(`v${inst.id} = ${convertWord(array.element, type, old, c.parts.helpers)};`);
  }
  // WGSL's compare-exchange may fail spuriously: retry until it succeeds or sees another value.
  const result = c.hasVar(inst)
    ? `v${inst.id} = ${convertWord(array.element, c.scalar(inst.type, inst.span), 'r.old_value', c.parts.helpers)}; `
    : '';
  c.emit('loop {');
  c.emit(`  let r = atomicCompareExchangeWeak(${pointer}, ${operand(2)}, ${operand(3)});`);
  c.emit(`  if (r.exchanged || r.old_value != ${operand(2)}) { ${result}break; }`);
  c.emit('}');
}

/**
 * An f32 atomic: an exchange of the bits, or a compare-and-swap loop over them that computes
 * the new value as the reference runner does (`v < old ? v : old` for min). Compare-and-swap
 * compares as JavaScript's `===` does (a NaN never matches, -0 matches 0), not as the bits do:
 * the loop leaves the element where the float comparison fails.
 */
function floatAtomic(
  c: WriterContext,
  inst: IRInstruction & { op: 'call' },
  pointer: string,
  operand: (i: number) => string,
) {
  const result = (old: string) =>
    c.hasVar(inst)
      ? `v${inst.id} = ${convertWord('f32', c.scalar(inst.type, inst.span), old, c.parts.helpers)}; `
      : '';
  const v = operand(2);
  if (inst.name === 'gpu.atomicExch')
    return c.emit(`{ let o = bitcast<f32>(atomicExchange(${pointer}, bitcast<u32>(${v}))); ${result('o')}}`);
  const next: Readonly<Record<string, string>> = {
    'gpu.atomicAdd': `o + ${v}`,
    'gpu.atomicSub': `o - ${v}`,
    'gpu.atomicMin': `select(o, ${v}, ${v} < o)`,
    'gpu.atomicMax': `select(o, ${v}, ${v} > o)`,
  };
  const cas = inst.name === 'gpu.atomicCAS';
  const value = cas ? operand(3) : next[inst.name];
  if (value === undefined) return c.refuse(inst.span, `${inst.name} on f32`);
  c.emit('loop {');
  c.emit(`  let b = atomicLoad(${pointer});`);
  c.emit('  let o = bitcast<f32>(b);');
  if (cas) c.emit(`  if (!(o == ${v})) { ${result('o')}break; }`);
  c.emit(
    `  if (atomicCompareExchangeWeak(${pointer}, b, bitcast<u32>(${value})).exchanged) { ${result('o')}break; }`,
  );
  c.emit('}');
}
