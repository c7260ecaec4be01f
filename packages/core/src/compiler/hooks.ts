/**
 * The compiler's extension points, declared and documented here once (GPUCompiler.jl's
 * interface.jl is the model; docs/writing-a-backend.md follows this file).
 *
 * A plugin (`apply(compiler)`) extends the compiler through:
 *
 * - `compiler.registerTarget(backend, factory)`: the target a back-end compiles for;
 * - `compiler.registerIntrinsics(backend | '*', generators)`: code for intrinsic calls;
 * - `compiler.runtime.provide(backend, build)`: the back-end's strong runtime library;
 * - `compiler.deferred.register(job)` with `emitDeferredCall`: code compiled on demand in the
 *   parent's target (AD derivatives);
 * - the hooks below, tapped for one back-end's jobs (`compiler.hooks.for(backend)`) or for every
 *   job (`compiler.hooks.all`, for plugins such as AD). A compile calls only the hooks of its
 *   job's back-end (`job.target.backend`), so a tap needs no check of the target.
 *
 * The hooks, in pipeline order (see docs/design.md, "The pipeline"); `kind` is tapable's. Those
 * that receive the entry function hand it back (the same function, or one that replaces it):
 *
 * | hook                 | kind      | when                                         | tap returns                                      |
 * | -------------------- | --------- | -------------------------------------------- | ------------------------------------------------ |
 * | `prepareJob`         | Sync      | first; throw to refuse the job               | nothing                                          |
 * | `methodTables`       | Waterfall | before inference                             | the overlay tables, topmost first                |
 * | `translate`          | Bail      | after inference, instead of all that follows | the output (WGSL...), or undefined for LLVM      |
 * | `captureValue`       | Bail      | during codegen, per captured host value      | `{ value, portable }`, or undefined to copy it in |
 * | `finishModule`       | Waterfall | after codegen (nested jobs too)              | the entry                                        |
 * | `linkLibraries`      | Sync      | before the runtime is linked (top level)     | nothing                                          |
 * | `finishLinkedModule` | Waterfall | after linking and internalising (top level)  | the entry                                        |
 * | `optimizeModule`     | Sync      | after the O-level pipeline (top level)       | nothing                                          |
 * | `finishIR`           | Waterfall | after cleanup, on the compiled job's entry   | the entry                                        |
 * | `validateIR`         | Waterfall | before emission (top level)                  | the problem list, with the back-end's added      |
 * | `isIntrinsic`        | Bail      | during validation, per external declaration  | `true` to accept it, or undefined                |
 * | `emit`               | Bail      | last                                         | a Buffer or string replacing LLVM's, or undefined |
 *
 * A tap that throws is reported with its name (the plugin's, by convention) and its hook: a
 * `CompileError` (an error in the user's kernel) keeps its code, location and frame and gains
 * `plugin` and `hook` properties; any other error becomes a {@link PluginError} whose `cause` is
 * the original.
 */
import { SyncBailHook, SyncHook, SyncWaterfallHook } from 'tapable';
import { CompileError } from '../frontend/errors.js';
import type { Specialization } from '../frontend/infer.js';
import type { MethodTable } from '../frontend/methods.js';
import type { Type } from '../frontend/types.js';
import type { LLVMFunction, Module, Value } from '../llvm/types.js';
import type { TypeMapper } from './codegen/types.js';
import type { Job } from './job.js';

/** A problem validation found, located where possible. */
export interface ValidationProblem {
  readonly message: string;
  /** The LLVM function it is in. */
  readonly function: string;
  /** The kernel source location, when debug information has one. */
  readonly location?: { file: string; line: number; column: number };
}

/**
 * A host value a kernel captured, offered to the back-ends before gpuc copies it in
 * (docs/design.md, "Captured host values"): an array marked `byReference`, say, that only the back-end knows how to reach.
 */
export interface CaptureRequest {
  /** Its path in the scope (`table`, `params.weights`). */
  readonly name: string;
  readonly value: unknown;
  readonly type: Type;
  readonly module: Module;
  /** LLVM types of kernel types in this module. */
  readonly types: TypeMapper;
  readonly job: Job;
}

/** How a back-end represents a captured value. */
export interface CapturedValue {
  readonly value: Value;
  /**
   * False when the value means something only in this process (a host address, a device
   * pointer): the result then stays in the memory cache and is never written to disk.
   */
  readonly portable: boolean;
}

/** What `emit` produces. */
export type OutputKind = 'ir' | 'bitcode' | 'assembly' | 'object';

/** The hooks, in pipeline order (the table above). */
export interface CompilerHooks {
  /** Before anything: check the job (throw to refuse it). */
  readonly prepareJob: SyncHook<[Job]>;
  /** The overlay method tables the back-end puts above the global table. */
  readonly methodTables: SyncWaterfallHook<[MethodTable[], Job]>;
  /**
   * A back-end that does not end in LLVM (WebGPU's WGSL) writes its output from the typed IR
   * here: the rest of the pipeline, codegen to emission, is skipped. Undefined to go on to LLVM.
   */
  readonly translate: SyncBailHook<[Specialization, OutputKind, Job], Buffer | string | undefined>;
  /**
   * A captured host value the back-end represents itself; undefined to let gpuc copy it in (or,
   * where the target `fillsCapturedArrays`, make it a global the launch fills).
   */
  readonly captureValue: SyncBailHook<[CaptureRequest], CapturedValue | undefined>;
  /** After codegen, before deferred codegen: mark kernels, set calling conventions, add launchers. */
  readonly finishModule: SyncWaterfallHook<[LLVMFunction, Module, Job]>;
  /** Link vendor libraries (libdevice...) into the module. */
  readonly linkLibraries: SyncHook<[Module, Job]>;
  /** After linking and internalising (NVVM reflect, an entry with the target's ABI). */
  readonly finishLinkedModule: SyncWaterfallHook<[LLVMFunction, Module, Job]>;
  /** After the standard optimisation pipeline: target passes. */
  readonly optimizeModule: SyncHook<[Module, Job]>;
  /** Last changes to the entry of the compiled job. */
  readonly finishIR: SyncWaterfallHook<[LLVMFunction, Module, Job]>;
  /** Target-specific validation: add problems to the list. */
  readonly validateIR: SyncWaterfallHook<[ValidationProblem[], Module, Job]>;
  /** Whether an external declaration is a known intrinsic of the target (not an undefined call). */
  readonly isIntrinsic: SyncBailHook<[string, Job], boolean | undefined>;
  /** Packaging beyond LLVM's output (a cubin, a code object, a metallib); undefined to pass. */
  readonly emit: SyncBailHook<[Module, OutputKind, Job], Buffer | string | undefined>;
}

type HookName = keyof CompilerHooks;

/** A fresh, frozen set of the hooks: the one place they are declared. */
function declareHooks(): CompilerHooks {
  return Object.freeze({
    prepareJob: new SyncHook<[Job]>(['job'], 'prepareJob'),
    methodTables: new SyncWaterfallHook<[MethodTable[], Job]>(['tables', 'job'], 'methodTables'),
    translate: new SyncBailHook<[Specialization, OutputKind, Job], Buffer | string | undefined>(
      ['specialization', 'kind', 'job'],
      'translate',
    ),
    captureValue: new SyncBailHook<[CaptureRequest], CapturedValue | undefined>(['request'], 'captureValue'),
    finishModule: new SyncWaterfallHook<[LLVMFunction, Module, Job]>(
      ['entry', 'module', 'job'],
      'finishModule',
    ),
    linkLibraries: new SyncHook<[Module, Job]>(['module', 'job'], 'linkLibraries'),
    finishLinkedModule: new SyncWaterfallHook<[LLVMFunction, Module, Job]>(
      ['entry', 'module', 'job'],
      'finishLinkedModule',
    ),
    optimizeModule: new SyncHook<[Module, Job]>(['module', 'job'], 'optimizeModule'),
    finishIR: new SyncWaterfallHook<[LLVMFunction, Module, Job]>(['entry', 'module', 'job'], 'finishIR'),
    validateIR: new SyncWaterfallHook<[ValidationProblem[], Module, Job]>(
      ['problems', 'module', 'job'],
      'validateIR',
    ),
    isIntrinsic: new SyncBailHook<[string, Job], boolean | undefined>(['name', 'job'], 'isIntrinsic'),
    emit: new SyncBailHook<[Module, OutputKind, Job], Buffer | string | undefined>(
      ['module', 'kind', 'job'],
      'emit',
    ),
  });
}

type Tapped = (...args: unknown[]) => unknown;

/** tapable's hook without its types: every hook registers taps alike. */
interface UntypedHook {
  readonly taps: readonly { readonly name: string; readonly fn: Tapped }[];
  tap(name: string, fn: Tapped): void;
  intercept(interceptor: { register: <T extends { name: string; fn: Tapped }>(tap: T) => T }): void;
}

const untyped = (hooks: CompilerHooks, name: HookName) => hooks[name] as unknown as UntypedHook;

/** A tap failed: not an error in the user's kernel, but in a plugin. */
export class PluginError extends Error {
  override name = 'PluginError';

  constructor(
    /** The tap's name (its plugin's, by convention). */
    readonly plugin: string,
    readonly hook: string,
    cause: unknown,
  ) {
    super(`gpuc: plugin '${plugin}' failed in hook '${hook}': ${messageOf(cause)}`, { cause });
  }
}

/** An error's message, without the `gpuc: ` the PluginError's own begins with. */
const messageOf = (error: unknown) =>
  (error instanceof Error ? error.message : String(error)).replace(/^gpuc: /, '');

/** Where in the compiler an error was raised: the tap (plugin) and the hook. */
export interface TapOrigin {
  readonly plugin: string;
  readonly hook: string;
}

/**
 * A tap's error with its origin: a `CompileError` (an error in the user's kernel) annotated,
 * its code, location and frame as they were; any other error wrapped in a {@link PluginError}.
 * An error that already has an origin keeps it.
 */
function fromTap(error: unknown, plugin: string, hook: string): unknown {
  if (error instanceof PluginError) return error;
  if (error instanceof CompileError) {
    // The innermost tap names it (a tap may compile another job).
    if (!('plugin' in error)) Object.assign(error, { plugin, hook } satisfies TapOrigin);
    return error;
  }
  return new PluginError(plugin, hook, error);
}

/**
 * The compiler's hooks: a set per back-end, which a compile of that back-end's job calls, and
 * `all`, whose taps join every back-end's set (in registration order with the back-end's own).
 * Every set is declared by one function and frozen.
 */
export class HookRegistry {
  /** Taps for every back-end's jobs (AD). Tap only: compiles call `for(backend)`. */
  readonly all: CompilerHooks = declareHooks();
  private readonly backends = new Map<string, CompilerHooks>();

  constructor() {
    for (const name of Object.keys(this.all) as HookName[]) {
      untyped(this.all, name).intercept({
        register: (tap) => {
          for (const hooks of this.backends.values()) untyped(hooks, name).tap(tap.name, tap.fn);
          return tap;
        },
      });
    }
  }

  /** The hooks of one back-end's jobs (`job.target.backend`): tap them for its jobs, call them for a job. */
  for(backend: string): CompilerHooks {
    let hooks = this.backends.get(backend);
    if (!hooks) {
      hooks = declareHooks();
      for (const name of Object.keys(hooks) as HookName[]) {
        const hook = untyped(hooks, name);
        hook.intercept({ register: (tap) => ({ ...tap, fn: reporting(tap.fn, tap.name, name) }) });
        // Taps for every back-end registered so far come first, as they were registered first.
        for (const tap of untyped(this.all, name).taps) hook.tap(tap.name, tap.fn);
      }
      this.backends.set(backend, hooks);
    }
    return hooks;
  }
}

/** A tap whose errors name it and its hook. */
function reporting(fn: Tapped, plugin: string, hook: string): Tapped {
  return (...args) => {
    try {
      return fn(...args);
    } catch (error) {
      throw fromTap(error, plugin, hook);
    }
  };
}
