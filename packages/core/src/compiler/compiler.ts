/**
 * The compiler object: its hooks, declared once, typed and frozen (webpack's Compiler is the
 * model), the plugins that tap them, and the registries plugins fill (targets, intrinsic code
 * generators, runtime definitions, method-table overlays).
 *
 * Back-ends and the AD plugin are plugins: objects with `apply(compiler)`. Every hook receives
 * the job, and a back-end acts only on jobs whose target it owns (`job.target.backend`); nothing
 * in core names a back-end.
 */
import { SyncBailHook, SyncHook, SyncWaterfallHook } from 'tapable';
import type { MethodTable } from '../frontend/methods.js';
import type { Type } from '../frontend/types.js';
import type { LLVMFunction, Module, Value } from '../llvm/types.js';
import type { IntrinsicGenerator } from './codegen/intrinsics.js';
import type { TypeMapper } from './codegen/types.js';
import { DeferredRegistry } from './deferred.js';
import type { Job, Params, Target } from './job.js';
import type { RuntimeRegistry } from './runtime.js';

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

/** The hooks, in pipeline order (see docs/design.md, "The pipeline", and docs/writing-a-backend.md). */
export interface CompilerHooks {
  /** Before anything: check or adjust the job (throw to refuse it). */
  readonly prepareJob: SyncHook<[Job]>;
  /** The overlay method tables the job's back-end puts above the global table. */
  readonly methodTables: SyncWaterfallHook<[MethodTable[], Job]>;
  /** After codegen, before deferred codegen: mark kernels, set calling conventions. */
  readonly finishModule: SyncHook<[Module, LLVMFunction, Job]>;
  /** Link vendor libraries (libdevice...) into the module. */
  readonly linkLibraries: SyncHook<[Module, Job]>;
  /** After linking and internalising (NVVM reflect, say). */
  readonly finishLinkedModule: SyncHook<[Module, Job]>;
  /** After the standard optimisation pipeline: target passes. */
  readonly optimizeModule: SyncHook<[Module, Job]>;
  /** A captured host value the back-end represents itself; undefined to let gpuc copy it in. */
  readonly captureValue: SyncBailHook<[CaptureRequest], CapturedValue | undefined>;
  /** Last changes to the entry (and to each nested job's entry). */
  readonly finishIR: SyncHook<[Module, LLVMFunction, Job]>;
  /** Target-specific validation: add problems to the list. */
  readonly validateIR: SyncWaterfallHook<[ValidationProblem[], Module, Job]>;
  /** Whether an external declaration is a known intrinsic of the target (not an undefined call). */
  readonly isIntrinsic: SyncBailHook<[string, Job], boolean | undefined>;
  /** Packaging beyond LLVM's output (a cubin, a code object, a metallib); undefined to pass. */
  readonly emit: SyncBailHook<[Module, OutputKind, Job], Buffer | string | undefined>;
  /** The target of a nested job (an AD wrapper around the parent's target, say). */
  readonly nestTarget: SyncWaterfallHook<[Target, Job]>;
  /** The params of a nested job. */
  readonly nestParams: SyncWaterfallHook<[Params, Job]>;
}

/** A plugin: an object that taps the compiler's hooks. */
export interface CompilerPlugin {
  /** A name for messages. */
  readonly name: string;
  /** The plugin's version: part of every cache key, so that an update never reads old results. */
  readonly version?: string;
  apply(compiler: Compiler): void;
}

/** The compiler: hooks, plugins, and the registries plugins fill. */
export class Compiler {
  readonly hooks: CompilerHooks = Object.freeze({
    prepareJob: new SyncHook<[Job]>(['job']),
    methodTables: new SyncWaterfallHook<[MethodTable[], Job]>(['tables', 'job']),
    finishModule: new SyncHook<[Module, LLVMFunction, Job]>(['module', 'entry', 'job']),
    linkLibraries: new SyncHook<[Module, Job]>(['module', 'job']),
    finishLinkedModule: new SyncHook<[Module, Job]>(['module', 'job']),
    optimizeModule: new SyncHook<[Module, Job]>(['module', 'job']),
    captureValue: new SyncBailHook<[CaptureRequest], CapturedValue | undefined>(['request']),
    finishIR: new SyncHook<[Module, LLVMFunction, Job]>(['module', 'entry', 'job']),
    validateIR: new SyncWaterfallHook<[ValidationProblem[], Module, Job]>(['problems', 'module', 'job']),
    isIntrinsic: new SyncBailHook<[string, Job], boolean | undefined>(['name', 'job']),
    emit: new SyncBailHook<[Module, OutputKind, Job], Buffer | string | undefined>(['module', 'kind', 'job']),
    nestTarget: new SyncWaterfallHook<[Target, Job]>(['target', 'job']),
    nestParams: new SyncWaterfallHook<[Params, Job]>(['params', 'job']),
  });

  /** Targets by name, registered by back-end plugins. */
  readonly targets = new Map<string, (params: Params) => Target>();

  /** Jobs registered for deferred code generation. */
  readonly deferred = new DeferredRegistry();

  /** Code generators of intrinsics, per back-end (`backend -> name -> generator`). */
  readonly intrinsics = new Map<string, Map<string, IntrinsicGenerator>>();

  private readonly plugins: CompilerPlugin[] = [];

  constructor(readonly runtime: RuntimeRegistry) {}

  /** The plugins applied, in order, as `name` or `name@version` (part of every cache key). */
  get pluginNames(): readonly string[] {
    return this.plugins.map((p) => (p.version ? `${p.name}@${p.version}` : p.name));
  }

  /** Applies plugins (each once). */
  use(...plugins: CompilerPlugin[]): this {
    for (const plugin of plugins) {
      if (this.plugins.some((p) => p.name === plugin.name)) continue;
      plugin.apply(this);
      this.plugins.push(plugin);
    }
    return this;
  }

  /** Registers a target factory under a name (`native`, `cuda`...). */
  registerTarget(name: string, factory: (params: Params) => Target): void {
    if (this.targets.has(name)) throw new Error(`gpuc: target '${name}' is registered twice`);
    this.targets.set(name, factory);
  }

  /**
   * Registers code generators for intrinsics on a back-end, or on every back-end with `'*'`
   * (plugins whose code is the same everywhere, such as AD); a back-end's own generator wins.
   */
  registerIntrinsics(backend: string, generators: Readonly<Record<string, IntrinsicGenerator>>): void {
    let table = this.intrinsics.get(backend);
    if (!table) {
      table = new Map();
      this.intrinsics.set(backend, table);
    }
    for (const [name, generator] of Object.entries(generators)) table.set(name, generator);
  }

  /** The target a name and params describe. */
  target(name: string, params: Params = {}): Target {
    const factory = this.targets.get(name);
    if (!factory) {
      const known = [...this.targets.keys()].join(', ') || 'none';
      throw new Error(`gpuc: no back-end provides target '${name}' (registered: ${known})`);
    }
    return factory(params);
  }
}
