/**
 * Shadows share no memory with the arrays the function reads and writes (the contract of
 * `Duplicated(x, dx)`), so a derivative's accesses to its array arguments get alias scopes:
 * one for the primal arrays, one for the shadows, each access `noalias` with the other. Without
 * them nothing may move a load of a primal array above an atomic addition into a shadow, and a
 * reverse loop that reads an array and adds into its shadow waits for memory once per
 * iteration. Inlined, LLVM gives each call's scopes their own copies, so only the accesses of
 * one call are ordered by them.
 */
import type { Instruction, LLVMContext, LLVMFunction, MDNode, Value } from '@gpuc/core/llvm';
import { declareAliasDomain, type LLVM, llvm } from '@gpuc/core/llvm';

type Argument = InstanceType<LLVM['Argument']>;

/** What each of a derivative's (flattened) arguments is. */
export type ArgumentRole = 'primal' | 'shadow' | 'other';

/** The operand of a memory instruction that is its address, by opcode. */
const ADDRESS: Readonly<Record<string, number>> = { load: 0, store: 1, atomicrmw: 0, cmpxchg: 0 };
const THROUGH = new Set(['getelementptr', 'bitcast', 'addrspacecast']);

/** The argument whose array data `pointer` addresses (through element arithmetic), if any. */
function baseArgument(pointer: Value): Argument | undefined {
  const l = llvm();
  let value = pointer;
  for (;;) {
    if (!(value instanceof l.Instruction)) return undefined;
    const op = (value as Instruction).getOpcodeName();
    if (THROUGH.has(op)) {
      value = (value as Instruction).getOperand(0);
      continue;
    }
    if (op !== 'extractvalue') return undefined;
    const aggregate = (value as Instruction).getOperand(0);
    // An instruction of a function can only name that function's arguments.
    return aggregate instanceof l.Argument ? (aggregate as Argument) : undefined;
  }
}

function scopes(context: LLVMContext, name: string): { domain: MDNode; primal: MDNode; shadow: MDNode } {
  const { MDNode, MDString } = llvm();
  const domain = MDNode.get(context, [MDString.get(context, `gpuc.ad ${name}`)]);
  const scope = (role: string) =>
    MDNode.get(context, [MDNode.get(context, [MDString.get(context, `gpuc.ad ${name} ${role}`), domain])]);
  return { domain, primal: scope('primal'), shadow: scope('shadow') };
}

/**
 * Gives the memory accesses of `fn` (a derivative) to its primal and shadow array arguments
 * their alias scopes. Accesses to anything else (local and captured arrays) keep none.
 */
export function markShadowScopes(
  context: LLVMContext,
  fn: LLVMFunction,
  roles: readonly ArgumentRole[],
): void {
  if (!roles.includes('shadow')) return;
  const lists = scopes(context, fn.getName());
  const module = fn.getParent();
  if (module) declareAliasDomain(module, lists.domain);
  for (const block of fn.getBasicBlocks())
    for (const inst of block.getInstructions() as Instruction[]) {
      const address = ADDRESS[inst.getOpcodeName()];
      if (address === undefined) continue;
      const base = baseArgument(inst.getOperand(address));
      const role = base ? roles[base.getArgNo()] : undefined;
      if (role !== 'primal' && role !== 'shadow') continue;
      inst.setMetadata('alias.scope', lists[role]);
      inst.setMetadata('noalias', lists[role === 'primal' ? 'shadow' : 'primal']);
    }
}
