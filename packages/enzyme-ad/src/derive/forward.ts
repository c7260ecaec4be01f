/**
 * Forward mode: the primal, with a tangent computed beside each value that carries a
 * derivative. Shadows of arrays hold the tangents of their elements. The derivative returns
 * the tangent of the primal's result (nothing when the primal returns no number).
 *
 * With `seed`, the index of a reverse-mode call's one Active argument, it answers that call
 * instead: the argument's tangent is 1, and the result is the one-element tuple of the result's
 * tangent, in the argument's type (see `tangentSeed` in index.ts).
 */

import type { IRBlock, IRFunction, IRInstruction } from '@gpuc/core/compiler';
import type { KernelType } from '@gpuc/core/host';
import { IRBuilder, incoming, operationOf } from './builder.js';
import { ControlFlow } from './cfg.js';
import { PartialEmitter, partialsOf } from './emit.js';
import { copyOf, type DerivativeInput } from './input.js';

type Inst = IRInstruction;

export function forwardMode(input: DerivativeInput, seed?: number): IRFunction {
  const { flat, activities, analysis, ruleName } = input;
  const { varied, shadowed, origin } = analysis;
  const out = IRBuilder.create(`${input.name}.forward`, input.source);
  const values = new Map<Inst, Inst>();
  const tangents = new Map<Inst, Inst>();
  const shadows = new Map<Inst, Inst>();
  const blocks = new Map<IRBlock, IRBlock>();
  const entry = flat.blocks[0] as IRBlock;
  for (const block of flat.blocks) blocks.set(block, block === entry ? out.block : out.newBlock(block.label));
  const value = (primal: Inst) => values.get(primal) as Inst;

  out.at(blocks.get(entry) as IRBlock);
  let index = 0;
  flat.params.forEach((param, i) => {
    if (param.op !== 'param') return;
    const copy = out.emit({ op: 'param', index: index++, name: param.name }, [], param.span);
    out.fn.params.push(copy);
    values.set(param, copy);
    if (i === seed)
      tangents.set(param, out.convert(out.constant(1, param.span), param.type as KernelType, param.span));
    if (activities[i] !== 'duplicated') return;
    const tangent = out.emit({ op: 'param', index: index++, name: `d${param.name}` }, [], param.span);
    out.fn.params.push(tangent);
    (param.type?.kind === 'array' ? shadows : tangents).set(param, tangent);
  });
  const zero = out.constant(0, flat.params[0]?.span ?? { start: 0, end: 0 });

  for (const block of flat.blocks) {
    out.at(blocks.get(block) as IRBlock);
    for (const phi of block.phis) {
      values.set(phi, out.phi(phi.span));
      if (varied.has(phi)) tangents.set(phi, out.phi(phi.span));
    }
  }

  /** The tangent of a varied value, from its partials and its arguments' tangents. */
  const tangentOf = (inst: Inst): Inst => {
    if (inst.op === 'index') {
      const shadow = shadows.get(origin(inst.args[0] as Inst) as Inst) as Inst;
      return out.index(shadow, value(inst.args[1] as Inst), inst.span);
    }
    const partials = partialsOf(inst, new PartialEmitter(out, inst, value), varied, ruleName(inst));
    let sum: Inst | undefined;
    inst.args.forEach((arg, i) => {
      const partial = partials[i];
      if (partial === undefined) return;
      const t = tangents.get(arg) as Inst;
      let term =
        partial === 1
          ? t
          : partial === -1
            ? out.unary('-', t, inst.span)
            : out.binary('*', partial, t, inst.span);
      if (arg.type !== inst.type) term = out.convert(term, inst.type as KernelType, inst.span);
      sum = sum ? out.binary('+', sum, term, inst.span) : term;
    });
    return sum as Inst;
  };

  for (const block of new ControlFlow(flat).order) {
    out.at(blocks.get(block) as IRBlock);
    for (const inst of block.body) {
      if (inst.op === 'param') continue;
      // A store into a DuplicatedNoNeed array: only its tangent's store (below) is wanted.
      if (!input.dropped.has(inst)) {
        const { operation, args } = copyOf(input, inst);
        values.set(inst, out.emit(operation, args.map(value), inst.span));
      }
      if (inst.op === 'newarray' && shadowed.has(inst)) {
        shadows.set(inst, out.emit(operationOf(inst), [], inst.span));
      } else if (inst.op === 'store') {
        const target = origin(inst.args[0] as Inst);
        if (target && shadowed.has(target)) {
          const stored = inst.args[2] as Inst;
          out.store(
            shadows.get(target) as Inst,
            value(inst.args[1] as Inst),
            tangents.get(stored) ?? zero,
            inst.span,
          );
        }
      } else if (varied.has(inst)) {
        tangents.set(inst, tangentOf(inst));
      }
    }
    const t = block.terminator;
    if (!t) continue;
    switch (t.kind) {
      case 'jump':
        out.jump(blocks.get(t.target) as IRBlock, t.span);
        break;
      case 'branch':
        out.branch(
          value(t.condition),
          blocks.get(t.ifTrue) as IRBlock,
          blocks.get(t.ifFalse) as IRBlock,
          t.span,
        );
        break;
      case 'return': {
        const result = input.resultType;
        const tangent = t.value ? (tangents.get(t.value) ?? zero) : zero;
        const seeded = seed === undefined ? undefined : (flat.params[seed]?.type as KernelType);
        out.terminate({
          kind: 'return',
          value: seeded
            ? out.emit({ op: 'tuple' }, [out.convert(tangent, seeded, t.span)], t.span)
            : result.kind === 'void'
              ? undefined
              : out.convert(tangent, result, t.span),
          span: t.span,
        });
        break;
      }
      default:
        out.terminate({ ...t });
    }
  }

  for (const block of flat.blocks) {
    for (const phi of block.phis) {
      if (phi.op !== 'phi') continue;
      phi.args.forEach((arg, i) => {
        const from = blocks.get(phi.blocks[i] as IRBlock) as IRBlock;
        incoming(value(phi), value(arg), from);
        const tangent = tangents.get(phi);
        if (tangent) incoming(tangent, tangents.get(arg) ?? zero, from);
      });
    }
  }
  return out.fn;
}
