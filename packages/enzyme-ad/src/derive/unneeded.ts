/**
 * Primal stores a derivative leaves out: those into an array the caller declared
 * `DuplicatedNoNeed` (its contents after the call are not wanted, only its shadow's part in the
 * derivative), where f never reads that array back. A store is kept wherever f might read it:
 * any use of the array other than as the target of a store or for its length (a read, a call,
 * a value chosen among arrays at run time) keeps all of that array's stores, so that every
 * value the forward sweep reads is the one f would read. f may also read the array through
 * another that shares its memory: there calls run a derivative that keeps every store
 * (`Derivative.kept`, chosen where the arrays are not apart: plugin/versions.ts).
 */

import type { IRFunction, IRInstruction } from '@gpuc/core/compiler';
import type { Analysis } from './activity.js';

type Inst = IRInstruction;

/** Whether f only writes the array `param` (or reads its length), never reads its elements. */
function onlyWritten(fn: IRFunction, param: Inst, analysis: Analysis): boolean {
  const all = fn.blocks.flatMap((b) => [...b.phis, ...b.body]);
  const returned = fn.blocks.flatMap((b) =>
    b.terminator?.kind === 'return' && b.terminator.value ? [b.terminator.value] : [],
  );
  // The array and the phis that can only be it (a loop carrying it).
  const same = new Set<Inst>([param]);
  for (let changed = true; changed; ) {
    changed = false;
    for (const inst of all)
      if (inst.op === 'phi' && !same.has(inst) && inst.args.some((a) => same.has(a))) {
        if (analysis.origin(inst) !== param) return false;
        same.add(inst);
        changed = true;
      }
  }
  if (returned.some((v) => same.has(v))) return false;
  return all.every((inst) =>
    inst.args.every(
      (arg, i) =>
        !same.has(arg) || inst.op === 'phi' || inst.op === 'length' || (inst.op === 'store' && i === 0),
    ),
  );
}

/**
 * The stores of the flattened primal that a derivative does not copy: into the parameters
 * whose `unneeded` entry is set and that f never reads (see the module comment).
 */
export function droppedStores(
  fn: IRFunction,
  analysis: Analysis,
  unneeded: readonly boolean[],
): ReadonlySet<Inst> {
  const arrays = new Set(
    fn.params.filter(
      (param, i) => unneeded[i] === true && param.type?.kind === 'array' && onlyWritten(fn, param, analysis),
    ),
  );
  const dropped = new Set<Inst>();
  if (arrays.size === 0) return dropped;
  for (const block of fn.blocks)
    for (const inst of block.body) {
      const target = inst.op === 'store' ? analysis.origin(inst.args[0] as Inst) : undefined;
      if (target && arrays.has(target)) dropped.add(inst);
    }
  return dropped;
}
