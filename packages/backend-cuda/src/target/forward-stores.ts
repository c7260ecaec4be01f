/**
 * Loads past stores into the same array. An AD reverse sweep reads a seed and zeroes it, then
 * reads the next seed of the same array: its alias scopes cannot tell the elements apart (the
 * indices are equal where the stride is 0), so each read waits behind the last zeroing, and the
 * thread waits for memory once per seed instead of once for all. Where a load and the stores
 * before it in its block are plain accesses of one type, at least as aligned as that type is
 * wide, their addresses are either equal or apart: the load may then run first and take each
 * store's value where the addresses are equal (a compare and a select per store, at the load's
 * place). The load gets a scope of its own in a domain of its own, which those stores' `!noalias`
 * name, so that `loadsEarly` moves it above them; that is true of the rewritten load whatever
 * moves it, since the selects give the stores' values where the addresses meet. (Only accesses
 * with alias scopes qualify: an AD derivative's, never atomic, since a differentiated function
 * may hold no atomics; and no other thread touches those elements while it runs.)
 */
import {
  type BasicBlock,
  declareAliasDomain,
  type Instruction,
  type InstructionSummary,
  llvm,
  type MDNode,
  type Module,
  type Value,
} from '@gpuc/core/llvm';
import { missesLoad } from './scopes.js';

/** Stores a load passes at most: each costs a compare and a select. */
const MOST_STORES = 8;

/** A plain access's width in bytes where its alignment is at least that width, else undefined. */
function alignedWidth(inst: Instruction, value: Value): number | undefined {
  const access = inst as Instruction & { isVolatile(): boolean; getAlignment(): number };
  if (access.isVolatile()) return undefined;
  const type = value.getType();
  if (!type.isFloatingPointTy() && !type.isIntegerTy()) return undefined;
  const bits = type.getPrimitiveSizeInBits();
  if (bits < 8 || (bits & (bits - 1)) !== 0) return undefined;
  return access.getAlignment() >= bits / 8 ? bits / 8 : undefined;
}

/**
 * Whether `store` writes the load's array (its scope) with an access that equals it or misses
 * it, at an address computed apart from the load's (one address read back right after it is
 * written is no wait to cut; constant addresses would fold the compare away).
 */
function forwardable(load: Instruction, scope: MDNode, store: Instruction): boolean {
  const stored = store.getOperand(0);
  const address = load.getOperand(0);
  const width = alignedWidth(load, load);
  return (
    width !== undefined &&
    address instanceof llvm().Instruction &&
    !address.isSame(store.getOperand(1)) &&
    address.getType().isSame(store.getOperand(1).getType()) &&
    store.getMetadata('alias.scope')?.isSame(scope) === true &&
    stored.getType().isSame(load.getType()) &&
    alignedWidth(store, stored) === width
  );
}

/**
 * The same-array stores (in program order, at most `MOST_STORES`) that stand between the load
 * at `index` and the instructions it could move above: the scan goes back over what the load
 * may pass already (work without memory effects, loads, writes whose scopes miss it).
 */
function storesBefore(
  summaries: readonly InstructionSummary[],
  insts: readonly Instruction[],
  index: number,
  movable: (summary: InstructionSummary) => boolean,
): Instruction[] {
  const load = insts[index] as Instruction;
  const scope = load.getMetadata('alias.scope');
  if (!scope) return [];
  const stores: Instruction[] = [];
  for (let j = index - 1; j >= 0 && stores.length < MOST_STORES; j--) {
    const summary = summaries[j] as InstructionSummary;
    const inst = insts[j] as Instruction;
    if (summary.opcode === 'store' || summary.opcode === 'atomicrmw') {
      const unused = summary.opcode === 'store' || inst.use_empty();
      if (unused && missesLoad(scope, inst.getMetadata('noalias'))) continue;
      if (summary.opcode === 'store' && forwardable(load, scope, inst)) {
        stores.unshift(inst);
        continue;
      }
      break;
    }
    if (!movable(summary)) break;
  }
  return stores;
}

/**
 * Rewrites `load` to take the values of `stores` (program order) where their addresses equal its
 * own, and gives it a scope that their `!noalias` name.
 */
function forward(module: Module, load: Instruction, stores: readonly Instruction[], label: string): void {
  const { IRBuilder, MDNode, MDString } = llvm();
  const context = module.getContext();
  const builder = new IRBuilder(load.getNextNode() as Instruction);
  const address = load.getOperand(0);
  let value: Value = load;
  let first: Instruction | undefined;
  for (const store of stores) {
    const same = builder.CreateICmpEQ(address, store.getOperand(1));
    value = builder.CreateSelect(same, store.getOperand(0), value);
    first ??= value as Instruction;
  }
  load.replaceAllUsesWith(value);
  (first as Instruction).setOperand(2, load);
  const domain = MDNode.getDistinct(context, [MDString.get(context, `gpuc.forwarded ${label}`)]);
  const own = MDNode.getDistinct(context, [MDString.get(context, `gpuc.forwarded ${label} load`), domain]);
  declareAliasDomain(module, domain);
  load.setMetadata(
    'alias.scope',
    MDNode.get(context, [...(load.getMetadata('alias.scope') as MDNode).getOperands(), own]),
  );
  for (const store of stores) {
    const noalias = store.getMetadata('noalias');
    store.setMetadata('noalias', MDNode.get(context, [...(noalias ? noalias.getOperands() : []), own]));
  }
}

/**
 * Lets the loads of `block` that same-array stores hold back pass them (see above). `label`
 * names the block uniquely in its module (the loads' new scopes are named after it).
 */
export function forwardStores(
  module: Module,
  block: BasicBlock,
  label: string,
  movable: (summary: InstructionSummary) => boolean,
): void {
  const summaries = block.describeInstructions();
  if (!summaries.some((s) => s.opcode === 'store')) return;
  const insts = block.getInstructions();
  const rewrites: [Instruction, Instruction[]][] = [];
  summaries.forEach((summary, index) => {
    if (summary.opcode !== 'load') return;
    const stores = storesBefore(summaries, insts, index, movable);
    if (stores.length > 0) rewrites.push([insts[index] as Instruction, stores]);
  });
  rewrites.forEach(([load, stores], k) => {
    forward(module, load, stores, `${label} ${k}`);
  });
}
