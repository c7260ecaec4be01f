/**
 * Shadows share no memory with the arrays the function reads and writes (the contract of
 * `Duplicated(x, dx)`), so a derivative's accesses to its array arguments get alias scopes:
 * one for the primal arrays, one for the shadows, each access `noalias` with the other. Without
 * them nothing may move a load of a primal array above an atomic addition into a shadow, and a
 * reverse loop that reads an array and adds into its shadow waits for memory once per
 * iteration. Inlined, LLVM gives each call's scopes their own copies, so only the accesses of
 * one call are ordered by them.
 *
 * Primal arrays may be one array passed twice, and shadows then share memory too, so the
 * primal arrays share a scope and the shadows another, except in the version of a derivative
 * that runs only where the call found its arrays apart (versions.ts): there each array has a
 * scope of its own.
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

/** The scope lists of one derivative: each access gets one as its scope, another as `noalias`. */
interface ScopeLists {
  readonly domain: MDNode;
  /** By argument number: the accesses' `alias.scope` and `noalias` lists. */
  readonly lists: ReadonlyMap<number, { scope: MDNode; noalias: MDNode }>;
}

/**
 * One scope for the primal arrays (they may be one array passed twice), and one for the
 * shadows, or, where the arrays are `apart`, one for each array.
 */
function scopeLists(
  context: LLVMContext,
  name: string,
  roles: readonly ArgumentRole[],
  apart: boolean,
): ScopeLists {
  const { MDNode, MDString } = llvm();
  const domain = MDNode.get(context, [MDString.get(context, `gpuc.ad ${name}`)]);
  const scope = (label: string) =>
    MDNode.get(context, [MDString.get(context, `gpuc.ad ${name} ${label}`), domain]);
  const shared = { primal: scope('primal'), shadow: scope('shadow') };
  const scopes = new Map<number, MDNode>();
  roles.forEach((role, i) => {
    if (role !== 'other') scopes.set(i, apart ? scope(`${role} ${i}`) : shared[role]);
  });
  const lists = new Map<number, { scope: MDNode; noalias: MDNode }>();
  for (const [i, own] of scopes) {
    const others = [...new Set(scopes.values())].filter((s) => !s.isSame(own));
    lists.set(i, { scope: MDNode.get(context, [own]), noalias: MDNode.get(context, others) });
  }
  return { domain, lists };
}

/**
 * Gives the memory accesses of `fn` (a derivative) to its primal and shadow array arguments
 * their alias scopes. Accesses to anything else (local and captured arrays) keep none.
 */
export function markShadowScopes(
  context: LLVMContext,
  fn: LLVMFunction,
  roles: readonly ArgumentRole[],
  apart = false,
): void {
  if (!roles.includes('shadow') && !apart) return;
  const { domain, lists } = scopeLists(context, fn.getName(), roles, apart);
  const module = fn.getParent();
  if (module) declareAliasDomain(module, domain);
  for (const block of fn.getBasicBlocks())
    for (const inst of block.getInstructions() as Instruction[]) {
      const address = ADDRESS[inst.getOpcodeName()];
      if (address === undefined) continue;
      const base = baseArgument(inst.getOperand(address));
      const list = base ? lists.get(base.getArgNo()) : undefined;
      if (!list) continue;
      inst.setMetadata('alias.scope', list.scope);
      inst.setMetadata('noalias', list.noalias);
    }
}
