/**
 * Merged doubles WGSL cannot hold and need not: a phi of `f64` values that are never WGSL values
 * themselves (constants, integers' and f32s' doubles, quotients of integers, other such phis),
 * whose every use converts it to a word (`c ? i : Infinity` stored into a Float32Array, `c ? 0 :
 * -1` into a Uint32Array). Converting a merged value is merging the converted values, so such a
 * phi is held as one variable per word type its uses convert it to, each assigned on every edge
 * the incoming value converted to that type. Any other use of it (arithmetic, a comparison, an
 * argument) keeps it an `f64`, refused as before.
 */
import type { IRFunction, IRInstruction } from '@gpuc/core/compiler';
import type { WordType } from '../webgpu/layout.js';

const WORDS: ReadonlySet<string> = new Set<WordType>(['f32', 'i32', 'u32', 'bool']);

const isDouble = (inst: IRInstruction) => inst.type?.kind === 'scalar' && inst.type.name === 'f64';

/**
 * The merges of a function held as words, each with the word types it is held as. `folded`
 * tells the f64 values that are never WGSL values.
 */
export function convertedMerges(
  fn: IRFunction,
  folded: (inst: IRInstruction) => boolean,
): Map<IRInstruction, Set<WordType>> {
  const all = fn.blocks.flatMap((b) => [...b.phis, ...b.body]);
  const uses = new Map<IRInstruction, IRInstruction[]>();
  for (const inst of all)
    for (const arg of inst.args) {
      const list = uses.get(arg);
      if (list) list.push(inst);
      else uses.set(arg, [inst]);
    }
  // Terminators use values too: a condition or a returned value keeps its phi an f64.
  const used = new Set<IRInstruction>();
  for (const b of fn.blocks) {
    const t = b.terminator;
    if (t?.kind === 'branch') used.add(t.condition);
    if (t?.kind === 'return' && t.value) used.add(t.value);
  }
  const held = new Set(all.filter((inst) => inst.op === 'phi' && isDouble(inst) && !used.has(inst)));
  const converts = (use: IRInstruction) =>
    use.op === 'convert' && use.type?.kind === 'scalar' && WORDS.has(use.type.name);
  // Drop phis with an incoming value or a use of another kind until none is left to drop.
  for (let changed = true; changed; ) {
    changed = false;
    for (const phi of held) {
      const fits =
        phi.args.every((arg) => held.has(arg) || (isDouble(arg) && arg.op !== 'phi' && folded(arg))) &&
        (uses.get(phi) ?? []).every((use) => held.has(use) || converts(use));
      if (!fits) {
        held.delete(phi);
        changed = true;
      }
    }
  }
  const types = new Map([...held].map((phi) => [phi, new Set<WordType>()]));
  for (const [phi, set] of types)
    for (const use of uses.get(phi) ?? []) if (!held.has(use)) set.add((use.type as { name: WordType }).name);
  // A phi feeding another is held as every type the other is.
  for (let changed = true; changed; ) {
    changed = false;
    for (const [phi, set] of types)
      for (const use of uses.get(phi) ?? [])
        for (const type of types.get(use) ?? [])
          if (!set.has(type)) {
            set.add(type);
            changed = true;
          }
  }
  return types;
}
