/**
 * JavaScript's -0 for integer values. JavaScript computes `-x`, `a % b` and `a * b` in doubles,
 * which can give -0 (`-0`, `-4 % 2`, `0 * -5`); gpuc computes them in integers, which have one
 * zero. Every integer value that JavaScript may hold as -0 gets a flag (an i1) beside it, made
 * from its operands' flags, and a conversion of an integer to a float gives -0 where the flag
 * is set (`1 / -x` is -Infinity for x = 0, as in JavaScript). Only the flags a conversion to a
 * float may read are made ({@link flagsNeeded}): the optimiser would remove the others, but
 * only after spending time on them (a fifth of a loop-heavy kernel's instructions).
 */
import type { Block, Instruction, IRFunction } from '../../frontend/ir.js';
import { bits, isBig, isInteger, isSigned, type ScalarType, type Type } from '../../frontend/types.js';
import { llvm } from '../../llvm/load.js';
import type { BasicBlock, IRBuilder, LLVMContext, PHINode, Value } from '../../llvm/types.js';

/** The -0 flags of one function's integer values. */
export class NegativeZeros {
  private readonly flags = new Map<Instruction, Value>();
  private readonly phis: [Instruction & { op: 'phi' }, PHINode][] = [];
  private readonly l = llvm();

  constructor(
    private readonly b: IRBuilder,
    private readonly context: LLVMContext,
    /** The instructions whose flags may be read ({@link flagsNeeded}); the rest get none. */
    private readonly needed: ReadonlySet<Instruction>,
  ) {}

  /** Whether an instruction's value is JavaScript's -0: an i1, false for what never is. */
  of(inst: Instruction): Value {
    return this.flags.get(inst) ?? this.never();
  }

  /** The false flag, made once: most values never are -0, and each binding call makes a wrapper. */
  private never(): Value {
    this.falseFlag ??= this.l.ConstantInt.getFalse(this.context);
    return this.falseFlag;
  }
  private falseFlag: Value | undefined;

  /** For a phi just created (at its block's top): a phi of its incoming values' flags. */
  phi(inst: Instruction & { op: 'phi' }): void {
    if (!tracked(inst.type) || !this.needed.has(inst)) return;
    const node = this.b.CreatePHI(this.l.Type.getInt1Ty(this.context), inst.args.length);
    this.flags.set(inst, node);
    this.phis.push([inst, node]);
  }

  /**
   * For an instruction just generated as `value` (`operand` gives its operands' values): its flag,
   * where JavaScript's double arithmetic could make it -0.
   */
  track(inst: Instruction, value: Value, operand: (inst: Instruction) => Value): void {
    const type = inst.type;
    if (!tracked(type) || !this.needed.has(inst)) return;
    const b = this.b;
    const [a, c] = inst.args as [Instruction, Instruction];
    const x = () => operand(a);
    const y = () => operand(c);
    // Made when first needed (most operators need none).
    let zeroValue: Value | undefined;
    const zero = () => {
      zeroValue ??= this.l.ConstantInt.get(value.getType(), 0);
      return zeroValue;
    };
    const isZero = (v: Value) => b.CreateICmpEQ(v, zero());
    // Negative as a double: below zero (signed types only), or -0.
    const negative = (v: Value, of: Instruction) =>
      isSigned(type as ScalarType) ? b.CreateOr(b.CreateICmpSLT(v, zero()), this.of(of)) : this.of(of);
    let flag: Value | undefined;
    if (inst.op === 'unary' && inst.operator === '-')
      flag = b.CreateAnd(isZero(x()), b.CreateNot(this.of(a)));
    else if (inst.op === 'unary' && inst.operator === '+')
      flag = this.of(a); // the same number
    else if (inst.op === 'binary') {
      switch (inst.operator) {
        case '+':
          flag = b.CreateAnd(this.of(a), this.of(c));
          break;
        case '-':
          flag = b.CreateAnd(this.of(a), b.CreateAnd(isZero(y()), b.CreateNot(this.of(c))));
          break;
        case '*':
          flag = b.CreateAnd(
            b.CreateOr(isZero(x()), isZero(y())),
            b.CreateXor(negative(x(), a), negative(y(), c)),
          );
          break;
        case '%':
          // The sign of the dividend; a zero divisor gives +0 (JavaScript: NaN, documented).
          flag = b.CreateAnd(b.CreateAnd(isZero(value), b.CreateNot(isZero(y()))), negative(x(), a));
          break;
      }
    } else if (
      inst.op === 'convert' &&
      tracked(a.type) &&
      bits(a.type as ScalarType) < bits(type as ScalarType)
    )
      flag = this.of(a); // widening keeps the value
    else if (inst.op === 'call' && inst.target?.kind === 'intrinsic')
      flag = this.math(inst.target.name, inst.args, value, operand);
    if (flag !== undefined) this.flags.set(inst, flag);
  }

  /** The flag of a `Math` function of integers that JavaScript lets return -0. */
  private math(
    name: string,
    args: readonly Instruction[],
    value: Value,
    operand: (inst: Instruction) => Value,
  ): Value | undefined {
    const b = this.b;
    const isZero = (v: Value) => b.CreateICmpEQ(v, this.l.ConstantInt.get(v.getType(), 0));
    const all = (flags: Value[]) => flags.reduce((p, q) => b.CreateAnd(p, q));
    switch (name) {
      case 'Math.floor':
      case 'Math.ceil':
      case 'Math.trunc':
      case 'Math.round':
      case 'Math.sign':
        return this.of(args[0] as Instruction);
      case 'Math.min':
        // A zero minimum is -0 when any argument is.
        return b.CreateAnd(
          isZero(value),
          args.map((arg) => this.of(arg)).reduce((p, q) => b.CreateOr(p, q)),
        );
      case 'Math.max':
        // A zero maximum is -0 only when every zero argument is.
        return b.CreateAnd(
          isZero(value),
          all(args.map((arg) => b.CreateOr(b.CreateNot(isZero(operand(arg))), this.of(arg)))),
        );
      default:
        return undefined;
    }
  }

  /** After every block is generated: each flag phi's incoming flags, from the blocks `end` gives. */
  finish(end: (block: Block) => BasicBlock): void {
    for (const [inst, node] of this.phis)
      inst.args.forEach((arg, i) => {
        node.addIncoming(this.of(arg), end(inst.blocks[i] as Block));
      });
  }

  /** An integer instruction's value converted to a float (`converted`): -0 where its flag is set. */
  toFloat(inst: Instruction, converted: Value): Value {
    const flag = this.flags.get(inst);
    if (flag === undefined) return converted;
    const type = converted.getType();
    // A bf16 is its bits (an i16): its -0 is the sign bit alone.
    const minusZero = type.isIntegerTy()
      ? this.l.ConstantInt.get(type, 0x8000)
      : this.l.ConstantFP.get(type, -0);
    return this.b.CreateSelect(flag, minusZero, converted);
  }
}

/**
 * The integer instructions of a function whose -0 flags may be read: the operands of what may
 * convert them to a float (`convert`, a call, a record...: anything but integer arithmetic, a
 * comparison, a truth test, an index, a length or a store, which never do) and, from them,
 * every operand their flags are made of, through phis. Code generation reads a flag only when
 * it converts a value to a float; the rest of a kernel's integers (loop counters, indices) need
 * none.
 */
export function flagsNeeded(fn: IRFunction): Set<Instruction> {
  const needed = new Set<Instruction>();
  const pending: Instruction[] = [];
  const need = (inst: Instruction) => {
    if (!tracked(inst.type) || needed.has(inst)) return;
    needed.add(inst);
    pending.push(inst);
  };
  for (const block of fn.blocks)
    for (const user of block.body) if (mayConvert(user)) for (const arg of user.args) need(arg);
  while (pending.length > 0) for (const arg of flagOperands(pending.pop() as Instruction)) need(arg);
  return needed;
}

/** Whether an instruction may convert an integer operand to a float (and so read its flag). */
function mayConvert(user: Instruction): boolean {
  switch (user.op) {
    case 'compare':
    case 'truthy':
    case 'index':
    case 'length':
    case 'field':
    case 'store':
    case 'phi':
      return false;
    case 'convert':
      // To an integer: the flag passes on (widening) or is dropped, never read.
      return !tracked(user.type);
    case 'unary':
    case 'binary':
      // Integer arithmetic passes flags on (its own is needed only where it is converted).
      return !(user.type?.kind === 'scalar' && isInteger(user.type));
    default:
      return true;
  }
}

/** The operands whose flags an instruction's own is made of (a superset of what `track` reads). */
function flagOperands(inst: Instruction): readonly Instruction[] {
  switch (inst.op) {
    case 'phi':
    case 'convert':
      return inst.args;
    case 'unary':
      return inst.operator === '-' || inst.operator === '+' ? inst.args : [];
    case 'binary':
      return ['+', '-', '*', '%'].includes(inst.operator) ? inst.args : [];
    case 'call':
      return inst.target?.kind === 'intrinsic' ? inst.args : [];
    default:
      return [];
  }
}

/** Integers of at most 32 bits hold JavaScript numbers; BigInts have no -0. */
function tracked(type: Type | undefined): boolean {
  return type?.kind === 'scalar' && type.name !== 'bool' && isInteger(type) && !isBig(type);
}
