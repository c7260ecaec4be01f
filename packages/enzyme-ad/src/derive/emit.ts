/**
 * Partials made concrete: a PartialBuilder that writes IR with a builder, and one that only
 * records which primal values a rule would read (the reverse sweep decides how to make each
 * available before it writes any code).
 */

import type { IRInstruction, Span } from '@gpuc/core/compiler';
import type { KernelType } from '@gpuc/core/host';
import type { IRBuilder } from './builder.js';
import { derivativeOf, type Partial, type PartialBuilder } from './partials.js';

type Inst = IRInstruction;

/** Writes a rule's IR at a span, reading primal values through `available`. */
export class PartialEmitter implements PartialBuilder {
  constructor(
    private readonly b: IRBuilder,
    private readonly inst: Inst,
    private readonly available: (primal: Inst) => Inst,
    private readonly span: Span = inst.span,
  ) {}

  arg(i: number): Inst {
    return this.available(this.inst.args[i] as Inst);
  }
  result(): Inst {
    return this.available(this.inst);
  }
  argType(i: number): KernelType {
    return (this.inst.args[i] as Inst).type as KernelType;
  }
  resultType(): KernelType {
    return this.inst.type as KernelType;
  }
  constant(value: number): Inst {
    return this.b.constant(value, this.span);
  }
  neg(a: Inst): Inst {
    return this.b.unary('-', a, this.span);
  }
  add(a: Inst, b: Inst): Inst {
    return this.b.binary('+', a, b, this.span);
  }
  sub(a: Inst, b: Inst): Inst {
    return this.b.binary('-', a, b, this.span);
  }
  mul(a: Inst, b: Inst): Inst {
    return this.b.binary('*', a, b, this.span);
  }
  div(a: Inst, b: Inst): Inst {
    return this.b.binary('/', a, b, this.span);
  }
  pow(a: Inst, b: Inst): Inst {
    return this.b.binary('**', a, b, this.span);
  }
  call(name: string, ...args: Inst[]): Inst {
    return this.b.call(name, args, this.span);
  }
  compare(operator: '==' | '>' | '>=', a: Inst, b: Inst): Inst {
    return this.b.compare(operator, a, b, this.span);
  }
  indicator(condition: Inst, type: KernelType): Inst {
    return this.b.convert(condition, type, this.span);
  }
  element(tuple: Inst, i: number): Inst {
    return this.b.index(tuple, this.b.constant(i, this.span), this.span);
  }
}

const NOTHING = { op: 'undef' } as Inst;

/** Records the primal values a rule reads and builds nothing. */
class ReadRecorder implements PartialBuilder {
  readonly reads = new Set<Inst>();
  constructor(private readonly inst: Inst) {}
  arg(i: number): Inst {
    this.reads.add(this.inst.args[i] as Inst);
    return NOTHING;
  }
  result(): Inst {
    this.reads.add(this.inst);
    return NOTHING;
  }
  argType(i: number): KernelType {
    return (this.inst.args[i] as Inst).type as KernelType;
  }
  resultType(): KernelType {
    return this.inst.type as KernelType;
  }
  constant = () => NOTHING;
  neg = () => NOTHING;
  add = () => NOTHING;
  sub = () => NOTHING;
  mul = () => NOTHING;
  div = () => NOTHING;
  pow = () => NOTHING;
  call = () => NOTHING;
  compare = () => NOTHING;
  indicator = () => NOTHING;
  element = () => NOTHING;
}

/** The partials of `inst` for its arguments that carry a derivative (by position). */
export function partialsOf(
  inst: Inst,
  builder: PartialBuilder,
  varied: ReadonlySet<Inst>,
  ruleName: string | undefined,
): (Partial | undefined)[] {
  const rule = derivativeOf(inst, ruleName);
  if (!rule) throw new Error(`gpuc: no derivative rule for %${inst.id} (${inst.op})`);
  const thunks = rule(builder);
  return inst.args.map((arg, i) => (varied.has(arg) ? thunks[i]?.() : undefined));
}

/** The primal values the partials of `inst` read. */
export function partialReads(inst: Inst, varied: ReadonlySet<Inst>, ruleName: string | undefined): Inst[] {
  const recorder = new ReadRecorder(inst);
  partialsOf(inst, recorder, varied, ruleName);
  return [...recorder.reads];
}
