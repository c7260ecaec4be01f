/**
 * Activity analysis: which values of the flattened primal carry a derivative ("varied": float
 * values that depend on a differentiated input) and which arrays have shadows, with the
 * checks that refuse what cannot be differentiated, each a CompileError at its line.
 */

import {
  CompileError,
  ErrorCode,
  type IRFunction,
  type IRInstruction,
  isFloat,
  isInteger,
  type KernelSource,
  type Span,
} from '@gpuc/core/compiler';
import type { KernelType } from '@gpuc/core/host';
import { derivativeOf, ZERO_DERIVATIVE } from './partials.js';

type Inst = IRInstruction;

/** How an argument of the differentiated function takes part. */
export type Activity = 'const' | 'active' | 'duplicated';

export interface Analysis {
  /** Float values with a derivative. */
  readonly varied: ReadonlySet<Inst>;
  /**
   * Varied values whose derivative reaches an output (the result, or a store into a shadowed
   * array): the only ones reverse mode propagates adjoints through.
   */
  readonly useful: ReadonlySet<Inst>;
  /** Array values with a shadow: Duplicated parameters and local arrays holding varied values. */
  readonly shadowed: ReadonlySet<Inst>;
  /** The parameter or local array an array value is, through phis; undefined when unknown. */
  origin(array: Inst): Inst | undefined;
}

/** A CompileError at a span of the flattened function. */
export function failAt(
  fn: IRFunction,
  span: Span,
  message: string,
  code: ErrorCode = ErrorCode.notDifferentiable,
): never {
  const source: KernelSource = span.source ?? fn.source;
  throw source.error(code, message, span.start, span.end);
}

const COLLECTIVE = /^gpu\.(barrier|shuffle|vote|ballot|matrix|atomic|sharedArray|dynamicSharedArray)/;

/**
 * Analyzes the flattened primal. `ruleName` gives, for a call kept by flattening, the method
 * that computes its partials.
 */
export function analyze(
  fn: IRFunction,
  activities: readonly Activity[],
  ruleName: (call: Inst) => string | undefined,
): Analysis {
  const varied = new Set<Inst>();
  const shadowed = new Set<Inst>();
  const origins = new Map<Inst, Inst | undefined>();
  const origin = (array: Inst): Inst | undefined => {
    if (origins.has(array)) return origins.get(array);
    origins.set(array, undefined); // cycles through loop phis resolve to the other inputs
    let found: Inst | undefined;
    if (array.op === 'param' || array.op === 'newarray') found = array;
    else if (array.op === 'phi') {
      const all = new Set(array.args.map(origin).filter((o) => o !== undefined));
      found = all.size === 1 ? [...all][0] : undefined;
    }
    origins.set(array, found);
    return found;
  };
  /** An array's origin, refusing arrays chosen at run time among ones with shadows. */
  const shadowOrigin = (array: Inst, use: Inst): Inst | undefined => {
    const found = origin(array);
    if (found === undefined && sources(array).some((s) => shadowed.has(s)))
      failAt(fn, use.span, 'autodiff cannot follow an array chosen at run time among differentiated arrays');
    return found;
  };
  fn.params.forEach((param, i) => {
    const activity = activities[i] ?? 'const';
    if (activity === 'const') return;
    if (param.type?.kind === 'array') shadowed.add(param);
    else varied.add(param);
  });

  const all = fn.blocks.flatMap((b) => [...b.phis, ...b.body]);
  const nested = all.find((inst) => inst.op === 'call' && inst.name === 'autodiff');
  if (nested)
    failAt(
      fn,
      nested.span,
      'autodiff cannot differentiate a function that calls autodiff itself (higher-order derivatives)',
    );
  const float = (inst: Inst) => isFloat(inst.type as KernelType);
  for (let changed = true; changed; ) {
    changed = false;
    const mark = (inst: Inst) => {
      if (!varied.has(inst)) {
        varied.add(inst);
        changed = true;
      }
    };
    for (const inst of all) {
      const anyVaried = inst.args.some((a) => varied.has(a));
      switch (inst.op) {
        case 'unary':
        case 'binary':
        case 'phi':
        case 'convert':
          if (anyVaried && float(inst)) mark(inst);
          break;
        case 'call':
        case 'callvalue':
          if (anyVaried && float(inst) && !(inst.op === 'call' && ZERO_DERIVATIVE.has(inst.name))) mark(inst);
          break;
        case 'index': {
          const array = shadowOrigin(inst.args[0] as Inst, inst);
          if (array && shadowed.has(array) && float(inst)) mark(inst);
          break;
        }
        case 'store': {
          const [array, , value] = inst.args as [Inst, Inst, Inst];
          if (!varied.has(value)) break;
          const target = shadowOrigin(array, inst);
          if (target?.op === 'newarray') {
            if (!shadowed.has(target)) {
              shadowed.add(target);
              changed = true;
            }
          } else if (!target || !shadowed.has(target)) {
            failAt(
              fn,
              inst.span,
              target?.op === 'param'
                ? `this writes a differentiated value into '${target.op === 'param' ? target.name : ''}', which is Const: annotate it Duplicated(array, shadow)`
                : 'this writes a differentiated value into an array autodiff cannot give a shadow (pass it as an argument, Duplicated)',
            );
          }
          break;
        }
        default:
          break;
      }
    }
  }
  for (const inst of all) checkSupported(fn, inst, varied, ruleName);
  checkIntegerCasts(fn, all, varied);
  return { varied, useful: usefulValues(fn, all, varied, shadowed, origin), shadowed, origin };
}

function usefulValues(
  fn: IRFunction,
  all: readonly Inst[],
  varied: ReadonlySet<Inst>,
  shadowed: ReadonlySet<Inst>,
  origin: (array: Inst) => Inst | undefined,
): Set<Inst> {
  const useful = new Set<Inst>();
  const work: Inst[] = [];
  const add = (inst: Inst | undefined) => {
    if (inst && varied.has(inst) && !useful.has(inst)) {
      useful.add(inst);
      work.push(inst);
    }
  };
  for (const block of fn.blocks) {
    const t = block.terminator;
    if (t?.kind === 'return') add(t.value);
  }
  for (const inst of all) {
    if (inst.op !== 'store') continue;
    const target = origin(inst.args[0] as Inst);
    if (target && shadowed.has(target)) add(inst.args[2]);
  }
  while (work.length > 0) {
    const inst = work.pop() as Inst;
    if (inst.op !== 'index') for (const arg of inst.args) add(arg);
  }
  return useful;
}

/** The parameters and local arrays an array value may be, through phis. */
function sources(array: Inst, seen = new Set<Inst>()): Inst[] {
  if (seen.has(array)) return [];
  seen.add(array);
  if (array.op === 'phi') return array.args.flatMap((a) => sources(a, seen));
  return [array];
}

function checkSupported(
  fn: IRFunction,
  inst: Inst,
  varied: ReadonlySet<Inst>,
  ruleName: (call: Inst) => string | undefined,
): void {
  const name = inst.op === 'call' ? inst.name : undefined;
  if (name && COLLECTIVE.test(name) && inst.args.some((a) => varied.has(a)))
    failAt(fn, inst.span, `autodiff cannot differentiate through ${name}`);
  if (name && /^gpu\.(barrier|shuffle|vote|ballot|matrix|copyAsync)/.test(name))
    failAt(fn, inst.span, `autodiff does not differentiate functions that use ${name}`);
  if (!varied.has(inst)) {
    if ((inst.op === 'record' || inst.op === 'tuple') && inst.args.some((a) => varied.has(a)))
      failAt(
        fn,
        inst.span,
        'a record or tuple holding a differentiated value must be read where it is built (it cannot be passed on, returned or merged)',
      );
    return;
  }
  if (inst.op === 'call' || inst.op === 'callvalue') {
    if (derivativeOf(inst, ruleName(inst)) === undefined)
      failAt(fn, inst.span, `autodiff has no derivative for ${name ?? 'this call'}`);
  }
}

/**
 * Float-to-integer conversions of differentiated values are allowed where the integer only
 * indexes or compares (the derivative there is zero); one that flows back into a float would
 * silently drop the derivative, so it is an error at that conversion.
 */
function checkIntegerCasts(fn: IRFunction, all: readonly Inst[], varied: ReadonlySet<Inst>): void {
  const tainted = new Map<Inst, Inst>(); // integer value -> the conversion it came from
  for (let changed = true; changed; ) {
    changed = false;
    for (const inst of all) {
      if (tainted.has(inst) || !isInteger(inst.type as KernelType)) continue;
      const from =
        inst.op === 'convert' || inst.op === 'call'
          ? inst.args.find((a) => varied.has(a))
            ? inst
            : inst.args.map((a) => tainted.get(a)).find((t) => t !== undefined)
          : inst.op === 'unary' || inst.op === 'binary' || inst.op === 'phi'
            ? inst.args.map((a) => tainted.get(a)).find((t) => t !== undefined)
            : undefined;
      if (from) {
        tainted.set(inst, from);
        changed = true;
      }
    }
  }
  for (const inst of all) {
    if (!isFloat(inst.type as KernelType) || inst.op === 'index') continue;
    const cast = inst.args.map((a) => tainted.get(a)).find((t) => t !== undefined);
    if (cast) {
      const { line, column } = (cast.span.source ?? fn.source).locate(cast.span.start);
      throw new CompileError(
        ErrorCode.notDifferentiable,
        `the derivative would flow through an integer: the value was converted to an integer at line ${line}:${column}, which loses its derivative (Math.floor and Math.trunc keep floats)`,
        (inst.span.source ?? fn.source).locate(inst.span.start),
        (inst.span.source ?? fn.source).frame(inst.span.start, inst.span.end),
      );
    }
  }
}
