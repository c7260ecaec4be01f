/**
 * The IR verifier, run by the tests after every transformation: the CFG is consistent, every
 * value is defined once, before its uses on every path (dominance), phis match predecessors,
 * and, in typed IR, every value has a concrete type.
 */
import type { Block, Instruction, IRFunction } from './ir.js';
import { successors } from './ir.js';

/** Throws an Error listing the first problem found. */
export function verifyFunction(fn: IRFunction, typed = false): void {
  const problems: string[] = [];
  const fail = (message: string) => problems.push(message);
  const blocks = new Set(fn.blocks);
  const entry = fn.blocks[0];
  if (!entry) throw new Error(`${fn.name}: no blocks`);
  if (entry.predecessors.length > 0) fail('the entry block has predecessors');

  const defined = new Map<Instruction, Block>();
  for (const block of fn.blocks) {
    if (!block.terminator) fail(`${block.label}#${block.id} has no terminator`);
    for (const succ of successors(block.terminator)) {
      if (!blocks.has(succ)) fail(`${block.label}#${block.id} jumps to a block outside the function`);
      else if (!succ.predecessors.includes(block))
        fail(`${succ.label}#${succ.id} does not list predecessor ${block.id}`);
    }
    for (const pred of block.predecessors) {
      if (!successors(pred.terminator).includes(block))
        fail(`${block.label}#${block.id} lists ${pred.id}, which does not jump to it`);
    }
    for (const inst of [...block.phis, ...block.body]) {
      if (defined.has(inst)) fail(`%${inst.id} is defined twice`);
      if (inst.block !== block) fail(`%${inst.id} records the wrong block`);
      defined.set(inst, block);
      if (inst.op === 'phi') {
        if (!block.phis.includes(inst)) fail(`phi %${inst.id} is not at the top of its block`);
        if (inst.args.length !== block.predecessors.length)
          fail(
            `phi %${inst.id} has ${inst.args.length} operands for ${block.predecessors.length} predecessors`,
          );
        for (const pred of inst.blocks)
          if (!block.predecessors.includes(pred)) fail(`phi %${inst.id} names a non-predecessor`);
      } else if (block.phis.includes(inst)) {
        fail(`%${inst.id} is in the phi list but is not a phi`);
      }
      if (typed && (inst.type === undefined || inst.type.kind === 'literal')) {
        fail(`%${inst.id} (${inst.op}) has no concrete type`);
      }
    }
  }

  const dominators = computeDominators(fn);
  const dominates = (a: Block, b: Block) => dominators.get(b)?.has(a) ?? false;
  const position = new Map<Instruction, number>();
  for (const block of fn.blocks) {
    for (const [i, inst] of [...block.phis, ...block.body].entries()) position.set(inst, i);
  }
  const checkUse = (use: Instruction, at: Block, index: number, what: string) => {
    const home = defined.get(use);
    if (!home) return fail(`${what} uses %${use.id}, which is not defined in the function`);
    if (home === at ? (position.get(use) as number) >= index : !dominates(home, at)) {
      fail(`${what} uses %${use.id} before it is defined on every path`);
    }
  };
  for (const block of fn.blocks) {
    [...block.phis, ...block.body].forEach((inst, index) => {
      if (inst.op === 'phi') {
        inst.args.forEach((arg, k) => {
          const pred = inst.blocks[k] as Block;
          const home = defined.get(arg);
          if (!home) fail(`phi %${inst.id} uses undefined %${arg.id}`);
          else if (home !== pred && !dominates(home, pred))
            fail(`phi %${inst.id} operand %${arg.id} does not dominate its edge`);
        });
      } else {
        for (const arg of inst.args) checkUse(arg, block, index, `%${inst.id}`);
      }
    });
    const t = block.terminator;
    const end = block.phis.length + block.body.length;
    if (t?.kind === 'branch') checkUse(t.condition, block, end, `the branch of ${block.label}#${block.id}`);
    if (t?.kind === 'return' && t.value)
      checkUse(t.value, block, end, `the return of ${block.label}#${block.id}`);
  }
  if (problems.length > 0) throw new Error(`IR of ${fn.name} is invalid:\n  ${problems.join('\n  ')}`);
}

/** Dominator sets by the iterative data-flow algorithm (functions are small). */
export function computeDominators(fn: IRFunction): Map<Block, Set<Block>> {
  const all = new Set(fn.blocks);
  const result = new Map<Block, Set<Block>>();
  const [entry] = fn.blocks;
  for (const block of fn.blocks) result.set(block, block === entry ? new Set([block]) : new Set(all));
  let changed = true;
  while (changed) {
    changed = false;
    for (const block of fn.blocks) {
      if (block === entry) continue;
      let meet: Set<Block> | undefined;
      for (const pred of block.predecessors) {
        const doms = result.get(pred) as Set<Block>;
        meet = meet ? new Set([...meet].filter((b) => doms.has(b))) : new Set(doms);
      }
      const next = meet ?? new Set<Block>();
      next.add(block);
      if (next.size !== (result.get(block) as Set<Block>).size) {
        result.set(block, next);
        changed = true;
      }
    }
  }
  return result;
}
