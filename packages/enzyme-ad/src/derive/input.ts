/** What a derivative is generated from. */
import type { IRFunction, IRInstruction, KernelSource, KernelType } from '@gpuc/core';
import type { Activity, Analysis } from './activity.js';

export interface DerivativeInput {
  /** The primal, typed and flattened. */
  readonly flat: IRFunction;
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
}
