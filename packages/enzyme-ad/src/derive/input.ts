/** What a derivative is generated from, and how it copies primal code. */

import type { IRFunction, IRInstruction, IROperation, KernelSource } from '@gpuc/core/compiler';
import type { KernelType } from '@gpuc/core/host';
import { primalName } from '../plugin/rules.js';
import type { Activity, Analysis } from './activity.js';
import { operationOf } from './builder.js';

export interface DerivativeInput {
  /** The primal, typed and flattened. */
  readonly flat: IRFunction;
  /** Its name, for the derivative's and for messages. */
  readonly name: string;
  /** The function as messages name it (see `Site.title`). */
  readonly title: string;
  readonly activities: readonly Activity[];
  readonly analysis: Analysis;
  /** The method computing a kept call's partials (a registered derivative rule). */
  readonly ruleName: (call: IRInstruction) => string | undefined;
  /** The derivative's source: located like the primal, holding the generated IR. */
  readonly source: KernelSource;
  /** What the derivative returns. */
  readonly resultType: KernelType;
  /** Tape entries per type in reverse mode, and whether shadows accumulate atomically. */
  readonly tapeCapacity: number;
  readonly atomic: boolean;
  /** Iterations per checkpoint of a loop the data ends (0: none). */
  readonly checkpoint: number;
  /** Stores into `DuplicatedNoNeed` arrays that the derivative leaves out (see unneeded.ts). */
  readonly dropped: ReadonlySet<IRInstruction>;
}

/**
 * A primal instruction as the derivative copies it. A call kept for its derivative rule calls
 * the function by its name in the rule registry.
 */
export function copyOf(
  input: DerivativeInput,
  inst: IRInstruction,
): { operation: IROperation; args: readonly IRInstruction[] } {
  const rule = input.ruleName(inst);
  if (rule === undefined) return { operation: operationOf(inst), args: inst.args };
  return {
    operation: { op: 'call', name: primalName(rule) },
    args: inst.op === 'callvalue' ? inst.args.slice(1) : inst.args,
  };
}
