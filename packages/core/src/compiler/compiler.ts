/**
 * The compiler object: its hooks (webpack's Compiler is the model; hooks.ts declares and
 * documents every extension point), the plugins that tap them, and the registries plugins fill
 * (targets, intrinsic code generators, runtime definitions).
 *
 * Back-ends and the AD plugin are plugins: objects with `apply(compiler)`. A back-end taps the
 * hooks of its own target's jobs (`compiler.hooks.for(backend)`), a plugin for every target
 * (AD) taps `compiler.hooks.all`; nothing in core names a back-end.
 */
import type { IntrinsicGenerator } from './codegen/intrinsics.js';
import { DeferredRegistry } from './deferred.js';
import { HookRegistry } from './hooks.js';
import type { Params, Target } from './job.js';
import { unknownParam } from './option-error.js';
import type { RuntimeRegistry } from './runtime.js';

/** Params every target takes: `fastMath`, which code generation reads for every target. */
const CORE_PARAMS = ['fastMath'];

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
  /** The hooks: `hooks.for(backend)` for one target's jobs, `hooks.all` for every job. */
  readonly hooks = new HookRegistry();

  /** Targets by name, registered by back-end plugins. */
  readonly targets = new Map<string, (params: Params) => Target>();

  /** Jobs registered for deferred code generation. */
  readonly deferred = new DeferredRegistry();

  /** Code generators of intrinsics, per back-end (`backend -> name -> generator`). */
  readonly intrinsics = new Map<string, Map<string, IntrinsicGenerator>>();

  private readonly plugins: CompilerPlugin[] = [];

  /**
   * The params each target takes (its back-end's), and under `'*'` those every target takes:
   * core's (`fastMath`, which code generation reads everywhere) and plugins' for every target (AD's).
   */
  private readonly params = new Map<string, Set<string>>([['*', new Set(CORE_PARAMS)]]);

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

  /**
   * Registers a target factory under a name (`native`, `cuda`...) with the params it and its
   * back-end read: `target(name, params)` refuses any other key (a `bad-option` error).
   */
  registerTarget(name: string, factory: (params: Params) => Target, params: readonly string[] = []): void {
    if (this.targets.has(name)) throw new Error(`gpuc: target '${name}' is registered twice`);
    this.targets.set(name, factory);
    this.declareParams(name, params);
  }

  /** Declares params a plugin reads on a target's jobs, or on every target's with `'*'` (AD's). */
  declareParams(target: string, names: readonly string[]): void {
    let known = this.params.get(target);
    if (!known) {
      known = new Set();
      this.params.set(target, known);
    }
    for (const name of names) known.add(name);
  }

  /** The params a target takes: its own and every target's, sorted. */
  paramsOf(target: string): readonly string[] {
    return [...new Set([...(this.params.get(target) ?? []), ...(this.params.get('*') ?? [])])].sort();
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
    const known = this.paramsOf(name);
    for (const [key, value] of Object.entries(params)) {
      // An undefined value is no param, as it is to the factories.
      if (value === undefined || known.includes(key)) continue;
      throw unknownParam(name, key, known);
    }
    return factory(params);
  }
}
