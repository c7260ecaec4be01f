/**
 * Control flow that inference, once types are known, finds never taken: the untaken side of a
 * value merge on a literal condition (`false ? u32(2) : f32(x)`, typed by both arms but run
 * by one), and what follows a call of a function that never returns (each of its paths throws
 * or loops forever), whose value has no type.
 */
import { type Block, type Instruction, type IRFunction, successors } from './ir.js';

/** A branch on a literal condition becomes a jump to the side it takes; whether any did. */
export function foldLiteralBranches(fn: IRFunction): boolean {
  let folded = false;
  for (const block of fn.blocks) {
    const t = block.terminator;
    if (t?.kind !== 'branch') continue;
    const value = t.condition.op === 'truthy' ? t.condition.args[0] : undefined;
    if (value?.op !== 'const' || typeof value.value === 'string') continue;
    const [taken, untaken] = value.value ? [t.ifTrue, t.ifFalse] : [t.ifFalse, t.ifTrue];
    block.terminator = {
      kind: 'jump',
      target: taken,
      span: t.span,
      ...(t.unroll === undefined ? {} : { unroll: t.unroll }),
    };
    if (taken !== untaken) untaken.predecessors = untaken.predecessors.filter((p) => p !== block);
    folded = true;
  }
  return folded;
}

/**
 * Ends `block` after its instruction `call`, which never returns: what follows goes, and the
 * block's successors lose it as a predecessor. Its terminator is `unreachable` until the
 * caller makes it what the function does after a device exception.
 */
export function endAfter(block: Block, call: Instruction): void {
  block.body.length = block.body.indexOf(call) + 1;
  for (const next of successors(block.terminator))
    next.predecessors = next.predecessors.filter((p) => p !== block);
  block.terminator = { kind: 'unreachable', span: call.span };
}

/**
 * Removes the blocks `reachable` (from the entry) leaves out, and the phi operands of edges no
 * longer taken. A phi left with one operand stays: its type may be wider than the operand's,
 * which the conversion at the edge gives it.
 */
export function removeUnreachable(fn: IRFunction, reachable: ReadonlySet<Block>): void {
  fn.blocks = fn.blocks.filter((block) => reachable.has(block));
  for (const block of fn.blocks) {
    block.predecessors = block.predecessors.filter((p) => reachable.has(p));
    for (const phi of block.phis) {
      const op = phi as Instruction & { op: 'phi' };
      const keep = op.blocks.map((b) => block.predecessors.includes(b));
      op.blocks = op.blocks.filter((_, i) => keep[i]);
      op.args = op.args.filter((_, i) => keep[i]);
    }
  }
}

/**
 * Replaces each phi left with one operand of its own type (no conversion at the edge) by that
 * operand: a merge of one array is no array chosen at run time (which WebGPU cannot do).
 */
export function forwardSingleMerges(fn: IRFunction): void {
  const forward = new Map<Instruction, Instruction>();
  const resolve = (inst: Instruction): Instruction => {
    let at = inst;
    for (let next = forward.get(at); next !== undefined; next = forward.get(at)) at = next;
    return at;
  };
  for (const block of fn.blocks) {
    block.phis = block.phis.filter((phi) => {
      const [only] = phi.args;
      if (phi.args.length !== 1 || only === undefined || only.type !== phi.type) return true;
      forward.set(phi, only);
      return false;
    });
  }
  if (forward.size === 0) return;
  for (const block of fn.blocks) {
    for (const list of [block.phis, block.body]) for (const inst of list) inst.args = inst.args.map(resolve);
    const t = block.terminator;
    if (t?.kind === 'branch') t.condition = resolve(t.condition);
    if (t?.kind === 'return' && t.value) t.value = resolve(t.value);
  }
}
