/**
 * The compile-job model: what code is for (Target), back-end knobs (Params), how to compile
 * (Config), and the Job tying a function and its argument types to them (cache-keys.ts hashes it).
 */
import { currentWorld } from '../frontend/methods.js';
import type { KernelSource } from '../frontend/source.js';
import type { Type } from '../frontend/types.js';
import { badLaunch } from '../host/launch-error.js';
import { checkScope } from '../host/sized-launch.js';
import type { TargetDescription } from '../llvm/target.js';
import type { FragmentShapes } from './codegen/matrix.js';
import type { OutputKind } from './hooks.js';

/** Address-space numbers a target uses for each kind of memory. */
export interface AddressSpaces {
  readonly generic: number;
  readonly global: number;
  readonly shared: number;
  readonly constant: number;
  readonly local: number;
}

/** What code is for: the LLVM description plus the facts codegen and validation need. */
export interface Target extends TargetDescription {
  /** The back-end plugin that owns the target (plugins act on their own targets only). */
  readonly backend: string;
  readonly addressSpaces: AddressSpaces;
  /**
   * Line information as bare directives, without debug sections (at debug level 1): for PTX,
   * where debug sections make ptxas compile for debugging.
   */
  readonly lineDirectives?: boolean;
  /**
   * Memory limits code generation enforces, in bytes, with a compile error at the array that
   * crosses one (none where absent).
   */
  readonly limits?: {
    /** A kernel's static shared memory: its `gpu.sharedArray`s together. */
    readonly sharedBytes?: number;
    /** A kernel's local arrays (`new Float32Array(n)`), its device functions' too: a thread's stack or local memory. */
    readonly localBytes?: number;
    /** A kernel's arrays captured from the scope by value, together: its constant memory. */
    readonly constantBytes?: number;
  };
  /**
   * The bundle kinds (`gpuc build`) a loader of the back-end runs without the compiler: `assembly`,
   * `object`. None where absent: such a bundle is refused when built, not when loaded.
   */
  readonly bundles?: readonly ('assembly' | 'object')[];
  /**
   * The output kinds the target emits (Metal has no assembly); default all. A compile asking for
   * another is a `bad-option` error naming these.
   */
  readonly outputs?: readonly OutputKind[];
  /**
   * The bytes every global array a kernel is given starts at a multiple of (a power of two),
   * which codegen lets LLVM assume so that it can merge neighbouring accesses into vector ones;
   * the back-end's launch refuses an array at another address. Element alignment where absent.
   */
  readonly arrayAlignment?: number;
  /**
   * Arrays captured from the scope by value become globals the back-end's launch fills with
   * their contents (`CapturedArray`: the compile result lists them), so new contents compile
   * nothing; where absent, their contents are compiled in as constants.
   */
  readonly fillsCapturedArrays?: boolean;
  /**
   * The optimisation level of jobs for the target that name none (default: `defaultConfig`'s):
   * GPU code is compiled at 3, as nvcc does, so loops of constant trip count unroll fully.
   */
  readonly optLevel?: Config['optLevel'];
  /**
   * LLVM pass pipelines (new pass manager syntax) to optimise with at some levels, in place of
   * `default<On>`: a GPU back-end's pipeline without the passes that do nothing on its code.
   */
  readonly pipelines?: Readonly<Partial<Record<Config['optLevel'], string>>>;
  /**
   * Per lane, the registers of the matrix fragments (`gpu.matrix*`) where the target's
   * instructions want another layout than PTX mma's (codegen/matrix.ts).
   */
  readonly fragments?: FragmentShapes;
  /** What the target cannot do; validation rejects code that needs it. */
  readonly lacks: {
    readonly f64?: boolean;
    readonly recursion?: boolean;
    readonly stack?: boolean;
    readonly dynamicAllocation?: boolean;
  };
}

/** Back-end-specific knobs (compute capability, fast math, launch bounds...), plain data. */
export type Params = Readonly<Record<string, string | number | boolean | undefined>>;

/** How to compile. */
export interface Config {
  /** The entry is a kernel (marked as one) rather than a plain function. */
  readonly kernel: boolean;
  /** The entry's symbol name (default: the function's name). */
  readonly name?: string;
  /** LLVM optimisation level. */
  readonly optLevel: 0 | 1 | 2 | 3;
  /** 0: no debug information; 1: line tables (source lines in errors and exceptions). */
  readonly debugLevel: 0 | 1 | 2;
  /** Link the runtime library and the target's vendor libraries. */
  readonly libraries: boolean;
  readonly optimize: boolean;
  readonly cleanup: boolean;
  readonly validate: boolean;
  /** Strip debug information from the output. */
  readonly strip: boolean;
  /** False for nested jobs: they skip linking, optimisation and validation, done once by the parent. */
  readonly toplevel: boolean;
  /**
   * Check every array and view index against its length and extents: an index out of range
   * is a device exception at its line (off by default: an unchecked index out of range reads
   * or writes memory it should not, as in CUDA C).
   */
  readonly boundsCheck: boolean;
}

export const defaultConfig: Config = Object.freeze({
  kernel: true,
  optLevel: 2,
  debugLevel: 1,
  libraries: true,
  optimize: true,
  cleanup: true,
  validate: true,
  strip: false,
  toplevel: true,
  boundsCheck: false,
});

/** What each configuration option takes, for `checkConfig`'s messages. */
const CONFIG_VALUES: Readonly<Record<keyof Config, readonly unknown[] | 'string'>> = {
  kernel: [true, false],
  name: 'string',
  optLevel: [0, 1, 2, 3],
  debugLevel: [0, 1, 2],
  libraries: [true, false],
  optimize: [true, false],
  cleanup: [true, false],
  validate: [true, false],
  strip: [true, false],
  toplevel: [true, false],
  boundsCheck: [true, false],
};

const alternatives = (values: readonly unknown[]) =>
  `${values.slice(0, -1).map(String).join(', ')} or ${String(values.at(-1))}`;

/**
 * Refuses a configuration (a launch's or a compile's `config`) with a `bad-launch` naming the
 * option: one gpuc does not know (a misspelt `boundsCheck` would be ignored) or a value it does
 * not take (LLVM would refuse an `optLevel` of 9 without saying where it came from).
 */
export function checkConfig(config: unknown): asserts config is Partial<Config> {
  if (typeof config !== 'object' || config === null || Array.isArray(config))
    throw badLaunch(`a launch's config is an object of compile options, not ${shownValue(config)}`);
  for (const [key, value] of Object.entries(config)) {
    const allowed = CONFIG_VALUES[key as keyof Config];
    if (allowed === undefined)
      throw badLaunch(`config has no option '${key}' (it has ${Object.keys(CONFIG_VALUES).join(', ')})`);
    if (value === undefined) continue;
    if (allowed === 'string' ? typeof value !== 'string' : !allowed.includes(value))
      throw badLaunch(
        `config.${key} must be ${allowed === 'string' ? 'a string' : alternatives(allowed)}, not ${shownValue(value)}`,
      );
  }
}

const shownValue = (value: unknown) => (typeof value === 'string' ? JSON.stringify(value) : String(value));

/** One compilation: a function for argument types, for a target, in a world. */
export interface Job {
  readonly source: KernelSource;
  readonly argTypes: readonly Type[];
  readonly target: Target;
  readonly params: Params;
  readonly config: Config;
  /** Host values the kernel reads by name. */
  readonly scope: Readonly<Record<string, unknown>>;
  /** The method-table world the job is compiled in. */
  readonly world: number;
}

/** A job for the current world, with the default configuration where `options` are silent. */
export function createJob(
  source: KernelSource,
  argTypes: readonly Type[],
  target: Target,
  options: { scope?: Readonly<Record<string, unknown>>; config?: Partial<Config>; params?: Params } = {},
): Job {
  if (options.config !== undefined) checkConfig(options.config);
  checkScope(options.scope);
  return {
    source,
    argTypes,
    target,
    params: options.params ?? {},
    config: { ...defaultConfig, optLevel: target.optLevel ?? defaultConfig.optLevel, ...options.config },
    scope: options.scope ?? {},
    world: currentWorld(),
  };
}
