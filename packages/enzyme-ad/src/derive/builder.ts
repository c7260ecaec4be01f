/**
 * Building IR for derivatives: blocks and instructions, untyped unless given a type, with the
 * spans of the primal code they come from so that errors and line tables point there.
 */

import {
  emptyBlock,
  type IRBlock,
  type IRFunction,
  type IRInstruction,
  type IROperation,
  type IRTerminator,
  type KernelSource,
  type Span,
  successors,
} from '@gpuc/core/compiler';
import type { KernelType } from '@gpuc/core/host';

export type Inst = IRInstruction;
/** What a loop's back edge may ask of its unrolling: a count, or fully (`gpu.unroll`'s hints). */
export type UnrollHint = NonNullable<Extract<IRTerminator, { kind: 'jump' }>['unroll']>;

/** A span for a generated constant: empty, so that inference types it by value. */
export function constantSpan(span: Span): Span {
  return { ...span, end: span.start };
}

/** Appends instructions to a function's blocks. */
export class IRBuilder {
  block: IRBlock;
  private nextBlock = 0;

  constructor(readonly fn: IRFunction) {
    this.block = fn.blocks[0] ?? this.newBlock('entry');
  }

  /** A builder of a new, empty function. */
  static create(name: string, source: KernelSource): IRBuilder {
    return new IRBuilder({ name, params: [], blocks: [], source, returnType: undefined, nextId: 0 });
  }

  newBlock(label: string): IRBlock {
    const block = emptyBlock(this.nextBlock++, label);
    this.fn.blocks.push(block);
    return block;
  }

  at(block: IRBlock): this {
    this.block = block;
    return this;
  }

  emit(operation: IROperation, args: readonly Inst[], span: Span, type?: KernelType): Inst {
    const inst = {
      ...operation,
      id: this.fn.nextId++,
      args: [...args],
      type,
      span,
      block: this.block,
    } as Inst;
    if (operation.op === 'phi') this.block.phis.push(inst);
    else this.block.body.push(inst);
    return inst;
  }

  terminate(terminator: IRTerminator): void {
    this.block.terminator = terminator;
    for (const next of successors(terminator)) next.predecessors.push(this.block);
  }

  /** A jump; `unroll` on a loop's back edge asks for its unrolling (see `gpu.unroll`). */
  jump(target: IRBlock, span: Span, unroll?: UnrollHint): void {
    this.terminate({ kind: 'jump', target, span, ...(unroll === undefined ? {} : { unroll }) });
  }

  branch(condition: Inst, ifTrue: IRBlock, ifFalse: IRBlock, span: Span, unroll?: UnrollHint): void {
    this.terminate({
      kind: 'branch',
      condition,
      ifTrue,
      ifFalse,
      span,
      ...(unroll === undefined ? {} : { unroll }),
    });
  }

  // ---- expressions

  constant(value: number | boolean, span: Span): Inst {
    return this.emit({ op: 'const', value }, [], constantSpan(span));
  }

  unary(operator: '-' | '!', value: Inst, span: Span): Inst {
    return this.emit({ op: 'unary', operator }, [value], span);
  }

  binary(operator: '+' | '-' | '*' | '/' | '%' | '**', a: Inst, b: Inst, span: Span): Inst {
    return this.emit({ op: 'binary', operator }, [a, b], span);
  }

  compare(operator: '==' | '!=' | '<' | '<=' | '>' | '>=', a: Inst, b: Inst, span: Span): Inst {
    return this.emit({ op: 'compare', operator }, [a, b], span);
  }

  call(name: string, args: readonly Inst[], span: Span): Inst {
    return this.emit({ op: 'call', name }, args, span);
  }

  convert(value: Inst, to: KernelType, span: Span): Inst {
    return this.emit({ op: 'convert', to }, [value], span);
  }

  index(array: Inst, index: Inst, span: Span): Inst {
    return this.emit({ op: 'index' }, [array, index], span);
  }

  store(array: Inst, index: Inst, value: Inst, span: Span): Inst {
    return this.emit({ op: 'store' }, [array, index, value], span);
  }

  /** A phi to complete with `incoming`. */
  phi(span: Span): Inst & { op: 'phi' } {
    return this.emit({ op: 'phi', blocks: [] }, [], span) as Inst & { op: 'phi' };
  }
}

/** Adds an incoming value to a phi. */
export function incoming(phi: Inst, value: Inst, from: IRBlock): void {
  if (phi.op !== 'phi') throw new Error('gpuc: incoming on a non-phi');
  phi.args.push(value);
  phi.blocks.push(from);
}

/** What an instruction computes, without its identity, operands (and where they are written), type or resolution. */
export function operationOf(inst: Inst): IROperation {
  // A float index keeps converting as one (NaN outside every array).
  if (inst.op === 'convert')
    return inst.index
      ? { op: 'convert', to: inst.type as KernelType, index: true }
      : { op: 'convert', to: inst.type as KernelType };
  if (inst.op === 'phi') return { op: 'phi', blocks: [] };
  const {
    id: _id,
    args: _args,
    type: _type,
    span: _span,
    argSpans: _argSpans,
    block: _block,
    target: _target,
    ...operation
  } = inst;
  return operation as IROperation;
}
