/**
 * The pipeline: one job from source to machine code, stage by stage in the order of docs/design.md, each
 * stage timed.
 *
 *   check -> infer -> codegen -> finishModule -> link libraries and runtime -> internalise
 *   -> finishLinkedModule -> optimise -> cleanup -> finishIR -> validate -> emit
 */

import { LRUCache } from 'lru-cache';
import { methodStack } from '../frontend/index.js';
import { type Specialization, specialize } from '../frontend/infer.js';
import type { MethodTable } from '../frontend/methods.js';
import { currentWorld } from '../frontend/methods.js';
import { emit as emitModule } from '../llvm/emit.js';
import { internalize, linkModules } from '../llvm/link.js';
import { createContext } from '../llvm/module.js';
import { runPipeline } from '../llvm/passes.js';
import type { LLVMContext, LLVMFunction, Module } from '../llvm/types.js';
import { cacheKey, type DiskCache, megabytes, runtimeKey } from './cache.js';
import { generateModule } from './codegen/generate.js';
import type { Compiler, OutputKind, ValidationProblem } from './compiler.js';
import { resolveDeferred } from './deferred.js';
import type { Job } from './job.js';
import { validateModule } from './validate.js';

/** Milliseconds spent in each stage. */
export type Timings = Record<string, number>;

/** The result of compiling a job. */
export interface CompileResult {
  readonly job: Job;
  readonly specialization: Specialization;
  /** The entry's symbol. */
  readonly entry: string;
  /** LLVM IR before optimisation, when asked for. */
  readonly unoptimizedIR?: string;
  /** The final LLVM IR. */
  readonly ir: string;
  /** The output the job asked for (assembly text, an object, bitcode...). */
  readonly output: Buffer | string;
  readonly kind: OutputKind;
  /** Globals made for captured host values. */
  readonly relocations: ReadonlyMap<string, { name: string; portable: boolean }>;
  readonly timings: Timings;
}

export interface CompileOptions {
  readonly kind?: OutputKind;
  /** A disk cache to read and fill (results that bake process-bound values are never written). */
  readonly cache?: DiskCache;
  /** Use this process's memory cache (default true; off to measure or test the disk cache). */
  readonly memory?: boolean;
  /** Method tables below the back-end's overlays (the device functions of a file, say). */
  readonly methods?: readonly MethodTable[];
  /** Keep the IR before optimisation in the result. */
  readonly keepUnoptimized?: boolean;
  /**
   * The LLVM context to compile in, kept by the caller. Without one, each compile gets a context
   * of its own, freed when it ends, so that nothing LLVM uniques (types, constants, metadata) is
   * kept per compile.
   */
  readonly context?: LLVMContext;
}

type Stored = {
  entry: string;
  ir: string;
  output: Buffer | string;
  relocations: CompileResult['relocations'];
};

/**
 * Results compiled in this process, by cache key and output kind: the least recently used go
 * first past `GPUC_MEMORY_CACHE_MB` megabytes (default 256) of IR and output.
 */
const memory = new LRUCache<string, Stored>({
  maxSize: megabytes(process.env.GPUC_MEMORY_CACHE_MB, 256),
  sizeCalculation: (value) => Math.max(1, value.ir.length + value.output.length),
});

function fromDisk(cache: DiskCache | undefined, key: string, kind: OutputKind) {
  const hit = cache?.read(`${key}-${kind}`);
  return hit && hit.kind === kind ? { ...hit, relocations: new Map() } : undefined;
}

function timed<T>(timings: Timings, stage: string, body: () => T): T {
  const start = performance.now();
  try {
    return body();
  } finally {
    timings[stage] = (timings[stage] ?? 0) + performance.now() - start;
  }
}

/**
 * The front of the pipeline: check, overlays, inference, codegen, `finishModule`. The module
 * belongs to the caller.
 */
function infer(
  compiler: Compiler,
  job: Job,
  timings: Timings,
  extra: readonly MethodTable[] = [],
): Specialization {
  const hooks = compiler.hooks;
  timed(timings, 'check', () => hooks.prepareJob.call(job));
  const overlays = timed(timings, 'methodTables', () => [...hooks.methodTables.call([], job), ...extra]);
  return timed(timings, 'infer', () =>
    specialize(job.source, job.argTypes, {
      methods: methodStack(overlays),
      scope: job.scope,
      world: job.world ?? currentWorld(),
      target: job.target.name,
    }),
  );
}

function generate(
  compiler: Compiler,
  job: Job,
  context: LLVMContext,
  timings: Timings,
  specialization = infer(compiler, job, timings),
) {
  const hooks = compiler.hooks;
  const generated = timed(timings, 'codegen', () => generateModule(context, specialization, job, compiler));
  try {
    timed(timings, 'finishModule', () => hooks.finishModule.call(generated.module, generated.entry, job));
  } catch (error) {
    generated.module.dispose();
    throw error;
  }
  return { ...generated, specialization };
}

/** Compiles a job with a compiler's plugins. */
export function compileJob(compiler: Compiler, job: Job, options: CompileOptions = {}): CompileResult {
  const timings: Timings = {};

  const specialization = infer(compiler, job, timings, options.methods);
  // A result is reused while the job, every source reached, the methods dispatched to and the
  // captured values are the same (inference already revalidated its edges in this world).
  const key = timed(timings, 'cache', () => cacheKey(job, specialization, compiler.pluginNames));
  const kind = options.kind ?? 'object';
  // Asking for the IR before optimisation means compiling again (cached results lack it).
  const cached = options.keepUnoptimized
    ? undefined
    : timed(
        timings,
        'cache',
        () =>
          (options.memory === false ? undefined : memory.get(`${key}|${kind}`)) ??
          fromDisk(options.cache, key, kind),
      );
  if (cached) {
    memory.set(`${key}|${kind}`, cached);
    return {
      job,
      specialization,
      entry: cached.entry,
      ir: cached.ir,
      output: cached.output,
      kind,
      relocations: cached.relocations,
      timings,
    };
  }
  const context = options.context ?? createContext();
  try {
    return compileInContext(compiler, job, options, context, timings, specialization, key, kind);
  } finally {
    if (options.context === undefined) context.dispose();
  }
}

/** compileJob's work past the caches, in a context. */
function compileInContext(
  compiler: Compiler,
  job: Job,
  options: CompileOptions,
  context: LLVMContext,
  timings: Timings,
  specialization: ReturnType<typeof infer>,
  key: string,
  kind: NonNullable<CompileOptions['kind']>,
): CompileResult {
  const hooks = compiler.hooks;
  const generated = generate(compiler, job, context, timings, specialization);
  const { module, entry } = generated;
  // Found again by name at the end: a back-end may replace the entry (Metal gives it a new signature).
  const entryName = entry.getName();
  try {
    if (job.config.toplevel) {
      timed(timings, 'deferred', () =>
        resolveDeferred(module, job, compiler.deferred, {
          target: (parent) => hooks.nestTarget.call(parent.target, parent),
          params: (parent) => hooks.nestParams.call(parent.params, parent),
          compile: (nested) => {
            const result = generate(compiler, nested, context, timings);
            return { module: result.module, entry: result.entry.getName() };
          },
        }),
      );
    }
    const unoptimizedIR = options.keepUnoptimized ? module.print() : undefined;
    if (job.config.toplevel) {
      timed(timings, 'link', () => link(compiler, module, entry, job, context, options.cache));
      timed(timings, 'finishLinkedModule', () => hooks.finishLinkedModule.call(module, job));
      if (job.config.optimize) {
        timed(timings, 'optimize', () => {
          runPipeline(module, `default<O${job.config.optLevel}>`, job.target, job.config.optLevel);
          hooks.optimizeModule.call(module, job);
        });
      }
      if (job.config.cleanup) {
        timed(timings, 'cleanup', () =>
          runPipeline(module, 'globalopt,globaldce,strip-dead-prototypes,constmerge', job.target),
        );
      }
    }
    const finalEntry = module.getFunction(entryName);
    if (!finalEntry) throw new Error(`gpuc: a plugin removed the entry point ${entryName}`);
    timed(timings, 'finishIR', () => hooks.finishIR.call(module, finalEntry, job));
    if (job.config.toplevel && job.config.validate) {
      timed(timings, 'validate', () => {
        const problems = hooks.validateIR.call(validateModule(module, job, compiler), module, job);
        if (problems.length > 0) throw new ValidationError(problems);
      });
    }
    if (job.config.strip)
      timed(timings, 'strip', () => runPipeline(module, 'strip-debug-declare,strip-nondebug', job.target));
    const ir = module.print();
    const output = timed(
      timings,
      'emit',
      () => hooks.emit.call(module, kind, job) ?? emitModule(module, job.target, kind, job.config.optLevel),
    );
    const stored = { entry: finalEntry.getName(), ir, output, relocations: generated.relocations };
    memory.set(`${key}|${kind}`, stored);
    // Results that bake values only meaningful in this process stay in memory only.
    const portable = [...generated.relocations.values()].every((r) => r.portable);
    if (portable && options.cache)
      timed(timings, 'cache', () => options.cache?.write(`${key}-${kind}`, { ...stored, kind }));
    return {
      job,
      specialization,
      ...stored,
      ...(unoptimizedIR !== undefined ? { unoptimizedIR } : {}),
      kind,
      timings,
    };
  } finally {
    module.dispose();
  }
}

/** Links vendor libraries and the runtime (only what is needed), then internalises. */
function link(
  compiler: Compiler,
  module: Module,
  entry: LLVMFunction,
  job: Job,
  context: LLVMContext,
  cache: DiskCache | undefined,
): void {
  // Collected before linking: a definition linked in over a declaration drops its metadata.
  const keep = [entry.getName(), ...exported(module)];
  const stubbed = compiler.runtime.stubsToDeclarations(module);
  if (job.config.libraries) {
    compiler.hooks.linkLibraries.call(module, job);
    const runtime = compiler.runtime.library(
      context,
      job.target,
      cache ? { cache, key: runtimeKey(job.target, compiler.pluginNames) } : undefined,
    );
    if (runtime) linkModules(module, runtime, { onlyNeeded: true });
  }
  // Symbols the runtime did not define keep their CPU-safe weak stubs.
  compiler.runtime.restoreStubs(module, stubbed, job.target);
  // And what the runtime exports (a status word the host patches, say).
  internalize(module, [...keep, ...exported(module)]);
}

/** Globals a back-end marked to keep visible (`gpuc.export` metadata). */
function exported(module: Module): string[] {
  return [
    ...module.getFunctions().filter((f) => f.getMetadata('gpuc.export') !== null),
    ...module.getGlobalVariables().filter((g) => g.getMetadata('gpuc.export') !== null),
  ].map((g) => g.getName());
}

/** Validation found problems: the message lists each with its function and source line. */
export class ValidationError extends Error {
  override name = 'ValidationError';

  constructor(readonly problems: readonly ValidationProblem[]) {
    super(
      problems
        .map(
          (p) =>
            `${p.location ? `${p.location.file}:${p.location.line}:${p.location.column}: ` : ''}in ${p.function}: ${p.message}`,
        )
        .join('\n'),
    );
  }
}
