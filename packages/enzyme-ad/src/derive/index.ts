/**
 * Derivatives: from an `autodiff` site (the typed primal, the mode, each argument's activity)
 * to the derivative's untyped IR, held by a source of its own that inference then types in the
 * job that needs it (the deferred job, or the reference runner's). Generated once per primal
 * specialization and request.
 *
 *   flatten (inline callees) -> analyze (activity) -> forward or reverse mode
 */

import {
  type IRInstruction,
  isFloat,
  type KernelSource,
  provideIR,
  type Specialization,
} from '@gpuc/core/compiler';
import type { KernelType } from '@gpuc/core/host';
import type { ArgumentRole } from '../plugin/alias.js';
import type { Site } from '../plugin/device.js';
import { type Activity, analyze } from './activity.js';
import { flatten } from './flatten.js';
import { forwardMode } from './forward.js';
import type { DerivativeInput } from './input.js';
import { hasMathRule } from './partials.js';
import { reverseMode } from './reverse.js';
import { droppedStores } from './unneeded.js';

/** How a derivative is built, beyond its site. */
export interface DerivativeOptions {
  /** Entries each tape holds (reverse mode, loops): more is an error at run time. */
  readonly tapeCapacity: number;
  /** Accumulate into shadow arrays atomically (threads may share elements). */
  readonly atomic: boolean;
  /**
   * Iterations per checkpoint of a loop the data ends (see reverse.ts): the tape holds one
   * chunk of iterations at a time, the others are run again from their checkpoints; 0 tapes
   * every iteration.
   */
  readonly checkpoint: number;
  /** Answer a reverse-mode call with one Active number and no shadows in forward mode. */
  readonly tangent: boolean;
}

export const DEFAULT_TAPE_CAPACITY = 256;
/**
 * No checkpoints unless asked for: on a GPU the threads of a warp reach the starts of their
 * chunks at different iterations of the reverse loop (their trip counts differ), so the warp
 * runs each thread's replay apart, which can cost more than the tape's memory saves.
 */
export const DEFAULT_CHECKPOINT = 0;

/** A derivative ready to infer: its source and the types of its (flattened) arguments. */
export interface Derivative {
  readonly source: KernelSource;
  /**
   * The derivative with every store of f, where `source` leaves out those into a
   * `DuplicatedNoNeed` array (unneeded.ts) that f's other arrays may share memory with: calls
   * that find the arrays not apart run it, since f would read through another array what it
   * wrote into that one.
   */
  readonly kept?: KernelSource;
  readonly argTypes: readonly KernelType[];
  readonly resultType: KernelType;
  /** What each argument is: a primal array, a shadow array, or neither. */
  readonly roles: readonly ArgumentRole[];
  /**
   * Whether arrays that may share memory constrain the order of accesses: two shadows, or two
   * primal arrays of which f writes one (see plugin/versions.ts).
   */
  readonly ordered: boolean;
}

const made = new WeakMap<Specialization, Map<string, Derivative>>();

/** The derivative a site asks for (made once per primal, mode, activities and options). */
export function derivativeOf(site: Site, options: DerivativeOptions): Derivative {
  let bySpec = made.get(site.primal);
  if (!bySpec) {
    bySpec = new Map();
    made.set(site.primal, bySpec);
  }
  const key = [
    site.mode,
    site.annotations.join(','),
    options.tapeCapacity,
    options.atomic,
    options.checkpoint,
    options.tangent,
    [...site.rules.values()].join(','),
  ].join('|');
  let derivative = bySpec.get(key);
  if (!derivative) {
    derivative = generate(site, options);
    bySpec.set(key, derivative);
  }
  return derivative;
}

/**
 * The argument of a reverse-mode call that forward mode differentiates as well in one pass: its
 * only Active argument, where there are no shadows and f returns a float. Forward mode carries
 * the argument's tangent beside the primal and keeps nothing for a way back, where reverse mode
 * runs f, then back through it, with a tape for each loop: memory on a GPU, one entry per
 * iteration where the data ends the loop (a series summed until its terms vanish).
 */
function tangentSeed(site: Site): number | undefined {
  if (site.activities.includes('duplicated') || !isFloat(site.primal.returnType)) return undefined;
  const active = site.activities.flatMap((a, i) => (a === 'active' ? [i] : []));
  return active.length === 1 ? active[0] : undefined;
}

/**
 * What each argument of a derivative is, one role per argument it takes: a Duplicated argument
 * passes two (an array and its shadow, or a number and its tangent).
 */
export function argumentRoles(
  argTypes: readonly KernelType[],
  activities: readonly Activity[],
): ArgumentRole[] {
  return argTypes.flatMap((t, i): ArgumentRole[] => {
    const duplicated = activities[i] === 'duplicated';
    if (t.kind !== 'array') return duplicated ? ['other', 'other'] : ['other'];
    return duplicated ? ['primal', 'shadow'] : ['primal'];
  });
}

function generate(site: Site, options: DerivativeOptions): Derivative {
  const { primal, activities, rules } = site;
  const ruleName = (call: IRInstruction) =>
    call.target?.kind === 'function' ? rules.get(call.target.specialization.fn.source) : undefined;
  // A Math function an overlay implements (the device math library) keeps its rule: the
  // derivative calls it again, and its job's overlays then compile it.
  const flat = flatten(primal, (call) => ruleName(call) !== undefined || hasMathRule(call));
  const analysis = analyze(flat, activities, ruleName);
  const seed = options.tangent ? tangentSeed(site) : undefined;
  /** The derivative's IR, in a source of its own, leaving out the stores `dropped`. */
  const make = (dropped: ReadonlySet<IRInstruction>): KernelSource => {
    const source = primal.fn.source.twin();
    const input: DerivativeInput = {
      flat,
      name: site.name,
      title: site.title,
      activities,
      analysis,
      ruleName,
      source,
      resultType: site.resultType,
      ...options,
      dropped,
    };
    provideIR(
      source,
      site.mode === 'forward' || seed !== undefined ? forwardMode(input, seed) : reverseMode(input),
    );
    return source;
  };
  const dropped = droppedStores(
    flat,
    analysis,
    site.annotations.map((a) => a === 'DuplicatedNoNeed'),
  );
  const source = make(dropped);
  const argTypes = primal.argTypes.flatMap((t, i) => (activities[i] === 'duplicated' ? [t, t] : [t]));
  const roles = argumentRoles(primal.argTypes, activities);
  const count = (role: ArgumentRole) => roles.filter((r) => r === role).length;
  const writes = flat.blocks.some((block) =>
    block.body.some(
      (inst) => inst.op === 'store' && analysis.origin(inst.args[0] as IRInstruction)?.op === 'param',
    ),
  );
  const ordered = count('shadow') >= 2 || (count('primal') >= 2 && writes);
  // A DuplicatedNoNeed array among others: each call checks whether they are apart (ordered).
  const kept = dropped.size > 0 && ordered ? make(new Set()) : undefined;
  return { source, ...(kept ? { kept } : {}), argTypes, resultType: site.resultType, roles, ordered };
}
