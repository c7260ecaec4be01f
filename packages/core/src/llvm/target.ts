/**
 * Target descriptions and target machines.
 *
 * A target description is plain data (triple, data layout, CPU, features); back-ends export one.
 * Target machines are expensive to create, so one per (triple, CPU, features, level) is kept.
 */
import { llvm } from './load.js';
import type { TargetMachine } from './types.js';

/** What code is generated for: everything LLVM needs to know about the machine. */
export interface TargetDescription {
  /** A short name for tables and cache keys, such as `native` or `cuda`. */
  readonly name: string;
  /** The LLVM target triple. */
  readonly triple: string;
  /** The LLVM data layout string. */
  readonly dataLayout: string;
  /** The CPU (`sm_80`, `gfx90a`, `skylake`...). */
  readonly cpu: string;
  /** Target features, comma separated (`+ptx75`). */
  readonly features: string;
  /**
   * Whether LLVM has a target machine for this triple. Without one (Metal's AIR) gpuc emits IR
   * and bitcode itself and no assembly or object.
   */
  readonly hasMachine: boolean;
}

/** Code generation levels, as for `llc -O`. */
export type OptLevel = 0 | 1 | 2 | 3;

const machines = new Map<string, TargetMachine>();

/** The (cached) LLVM target machine for a target at an optimisation level. */
export function targetMachine(target: TargetDescription, optLevel: OptLevel = 2): TargetMachine {
  if (!target.hasMachine) {
    throw new Error(`gpuc: target '${target.name}' (${target.triple}) has no LLVM target machine`);
  }
  const key = `${target.triple}|${target.cpu}|${target.features}|${optLevel}`;
  let machine = machines.get(key);
  if (machine === undefined) {
    const l = llvm();
    const found = l.TargetRegistry.lookupTarget(target.triple);
    if (found === null) {
      throw new Error(`gpuc: this LLVM build has no back-end for ${target.triple}`);
    }
    machine = found.createTargetMachine(target.triple, target.cpu, target.features, {
      optLevel,
      relocModel: 'pic',
    });
    machines.set(key, machine);
  }
  return machine;
}
