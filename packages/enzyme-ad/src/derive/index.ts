/**
 * Derivatives: from an `autodiff` site (the typed primal, the mode, each argument's activity)
 * to the derivative's untyped IR, held by a source of its own that inference then types in the
 * job that needs it (the deferred job, or the reference runner's). Generated once per primal
 * specialization and request.
 *
 *   flatten (inline callees) -> analyze (activity) -> forward or reverse mode
 */

import { type IRInstruction, type KernelSource, provideIR, type Specialization } from '@gpuc/core/compiler';
import type { KernelType } from '@gpuc/core/host';
import type { ArgumentRole } from '../plugin/alias.js';
import type { Site } from '../plugin/device.js';
import { analyze } from './activity.js';
import { flatten } from './flatten.js';
import { forwardMode } from './forward.js';
import type { DerivativeInput } from './input.js';
import { hasMathRule } from './partials.js';
import { reverseMode } from './reverse.js';

/** How a derivative is built, beyond its site. */
export interface DerivativeOptions {
  /** Entries each tape holds (reverse mode, loops): more is an error at run time. */
  readonly tapeCapacity: number;
  /** Accumulate into shadow arrays atomically (threads may share elements). */
  readonly atomic: boolean;
}

export const DEFAULT_TAPE_CAPACITY = 256;

/** A derivative ready to infer: its source and the types of its (flattened) arguments. */
export interface Derivative {
  readonly source: KernelSource;
  readonly argTypes: readonly KernelType[];
  readonly resultType: KernelType;
  /** What each argument is: a primal array, a shadow array, or neither. */
  readonly roles: readonly ArgumentRole[];
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
    site.activities.join(','),
    options.tapeCapacity,
    options.atomic,
    [...site.rules.values()].join(','),
  ].join('|');
  let derivative = bySpec.get(key);
  if (!derivative) {
    derivative = generate(site, options);
    bySpec.set(key, derivative);
  }
  return derivative;
}

function generate(site: Site, options: DerivativeOptions): Derivative {
  const { primal, activities, rules } = site;
  const ruleName = (call: IRInstruction) =>
    call.target?.kind === 'function' ? rules.get(call.target.specialization.fn.source) : undefined;
  // A Math function an overlay implements (the device math library) keeps its rule: the
  // derivative calls it again, and its job's overlays then compile it.
  const flat = flatten(primal, (call) => ruleName(call) !== undefined || hasMathRule(call));
  const analysis = analyze(flat, activities, ruleName);
  const source = primal.fn.source.twin();
  const input: DerivativeInput = {
    flat,
    name: site.name,
    activities,
    analysis,
    ruleName,
    source,
    resultType: site.resultType,
    ...options,
  };
  const fn = site.mode === 'forward' ? forwardMode(input) : reverseMode(input);
  provideIR(source, fn);
  const argTypes = primal.argTypes.flatMap((t, i) => (activities[i] === 'duplicated' ? [t, t] : [t]));
  const roles = primal.argTypes.flatMap((t, i): ArgumentRole[] =>
    t.kind !== 'array' ? ['other'] : activities[i] === 'duplicated' ? ['primal', 'shadow'] : ['primal'],
  );
  return { source, argTypes, resultType: site.resultType, roles };
}
