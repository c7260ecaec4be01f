/**
 * Which addresses are likely the same for every thread of a warp: computed from constants, a
 * kernel's arguments and the block's geometry (`%ctaid`, `%ntid`, `%nctaid`), through
 * arithmetic, element addresses, and phis and loads whose operands are such values (a reverse
 * loop's counter, say, counts over a length the kernel was passed). Anything from the thread's
 * index, its lane, an atomic, a stack slot or an argument of a function that is not a kernel is
 * not.
 *
 * A guess, not a proof: it ignores divergent control flow (a phi that joins two branches the
 * threads took differently) and what other threads store. The warp's additions (warp.ts) check
 * the addresses at run time and use the guess only to skip that check where it would be waste.
 */
import { type Instruction, type LLVMFunction, llvm, type Value } from '@gpuc/core/llvm';

/** PTX special registers that every thread of a block reads alike. */
const UNIFORM_REGISTERS =
  /^llvm\.nvvm\.read\.ptx\.sreg\.(ctaid|ntid|nctaid|nclusterid|clusterid|cluster_nctaid|cluster_ctaid)\./;
/** Instructions whose result differs between threads whatever their operands. */
const VARYING = new Set(['alloca', 'atomicrmw', 'cmpxchg', 'invoke', 'landingpad', 'va_arg']);
/** Values looked at before giving up on one address (its expression is rarely larger). */
const BUDGET = 256;

/** Whether `address`, in `fn`, is likely the same for all the threads of a warp. */
export function likelyUniform(fn: LLVMFunction, address: Value): boolean {
  return uniformIn(fn, address, false);
}

/**
 * Whether `value`, in a kernel, is the same for every thread of a block wherever it is
 * computed: a proof, not a guess. Only constants, the kernel's arguments and the block's
 * geometry, through instructions that compute from their operands alone; no phi (threads may
 * reach it by different paths), no load (memory may change between threads' reads) and no
 * freeze (of poison, each thread may pick its own value).
 */
export function blockInvariant(fn: LLVMFunction, value: Value): boolean {
  return uniformIn(fn, value, true);
}

function uniformIn(fn: LLVMFunction, address: Value, strict: boolean): boolean {
  const l = llvm();
  const kernel = fn.getCallingConv() === l.CallingConv.PTX_Kernel;
  let budget = BUDGET;
  // Phis being looked at: a loop's counter reaches itself, and counts as uniform there.
  const open: Value[] = [];
  const uniform = (value: Value): boolean => {
    if (--budget < 0) return false;
    if (value instanceof l.Argument) return kernel;
    if (!(value instanceof l.Instruction)) return value instanceof l.Constant;
    const inst = value as Instruction;
    const op = inst.getOpcodeName();
    if (VARYING.has(op) || (strict && (op === 'phi' || op === 'load' || op === 'freeze'))) return false;
    if (op === 'call') {
      const callee = (inst as InstanceType<typeof l.CallInst>).getCalledFunction()?.getName() ?? '';
      return UNIFORM_REGISTERS.test(callee);
    }
    if (op === 'phi') {
      if (open.some((phi) => phi.isSame(inst))) return true;
      open.push(inst);
      const all = operands(inst).every(uniform);
      open.pop();
      return all;
    }
    return operands(inst).every(uniform);
  };
  return uniform(address);
}

function operands(inst: Instruction): Value[] {
  return Array.from({ length: inst.getNumOperands() }, (_, i) => inst.getOperand(i));
}
