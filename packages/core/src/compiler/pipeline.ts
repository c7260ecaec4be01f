/**
 * The pipeline: one job from source to machine code, stage by stage in the order of docs/design.md, each
 * stage timed (writing the final IR as bitcode and freeing the module and context too, so that the
 * stages add up to the compile).
 *
 *   check -> infer -> codegen -> finishModule -> link libraries and runtime -> internalise
 *   -> finishLinkedModule -> optimise -> cleanup -> finishIR -> validate -> bitcode -> emit -> dispose
 *
 * The entry function is handed from hook to hook (a back-end may replace it); the caches
 * (cache.ts) wrap the pipeline, which reads them only for the runtime library's disk slot.
 */

import { methodStack } from '../frontend/index.js';
import { type Specialization, specialize } from '../frontend/infer.js';
import type { MethodTable } from '../frontend/methods.js';
import { currentWorld } from '../frontend/methods.js';
import type { CapturedArray } from '../host/captured-arrays.js';
import { emit as emitModule } from '../llvm/emit.js';
import { internalize, linkModules } from '../llvm/link.js';
import { createContext } from '../llvm/module.js';
import { runPipeline } from '../llvm/passes.js';
import type { LLVMContext, LLVMFunction, Module } from '../llvm/types.js';
import { type CachedResult, CompileCache } from './cache.js';
import { cacheKey } from './cache-keys.js';
import { generateModule } from './codegen/generate.js';
import { resolveWaitCounts } from './codegen/wait-counts.js';
import type { Compiler } from './compiler.js';
import { resolveDeferred } from './deferred.js';
import type { DiskCache } from './disk-cache.js';
import type { CompilerHooks, OutputKind, ValidationProblem } from './hooks.js';
import type { Job } from './job.js';
import { OptionError } from './option-error.js';
import { printBitcode, withLazyIR } from './result-ir.js';
import { validateModule } from './validate.js';

/** Milliseconds spent in each stage. */
export type Timings = Record<string, number>;

/** The result of compiling a job. */
export interface CompileResult extends CachedResult {
  readonly job: Job;
  readonly specialization: Specialization;
  /** LLVM IR before optimisation, when asked for. */
  readonly unoptimizedIR?: string;
  /** The output the job asked for (assembly text, an object, bitcode...). */
  readonly output: Buffer | string;
  readonly kind: OutputKind;
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

/** One compile's state: the job, the hooks of its back-end, its caches, output kind and timings. */
class CompileRun {
  readonly timings: Timings = {};
  readonly hooks: CompilerHooks;
  readonly kind: OutputKind;
  readonly cache: CompileCache;
  /**
   * Globals the launch fills with captured arrays, of the job and the nested jobs linked into it
   * (which read the same scope), numbered across them all.
   */
  readonly captures: CapturedArray[] = [];

  constructor(
    readonly compiler: Compiler,
    readonly job: Job,
    readonly options: CompileOptions,
  ) {
    this.hooks = compiler.hooks.for(job.target.backend);
    this.kind = options.kind ?? 'object';
    this.cache = new CompileCache(options.cache, options.memory !== false);
  }

  /** Runs a stage, adding its time to the stage's. */
  time<T>(stage: string, body: () => T): T {
    const start = performance.now();
    try {
      return body();
    } finally {
      this.timings[stage] = (this.timings[stage] ?? 0) + performance.now() - start;
    }
  }

  /** The front of the pipeline: check, overlays, inference. */
  infer(job: Job, extra: readonly MethodTable[] = []): Specialization {
    this.time('check', () => this.hooks.prepareJob.call(job));
    const overlays = this.time('methodTables', () => [...this.hooks.methodTables.call([], job), ...extra]);
    return this.time('infer', () =>
      specialize(job.source, job.argTypes, {
        methods: methodStack(overlays),
        scope: job.scope,
        world: job.world ?? currentWorld(),
        target: job.target.name,
        kernel: job.config.kernel,
      }),
    );
  }

  /** Codegen and `finishModule`: a module (the caller's to dispose of) and its entry. */
  generate(job: Job, context: LLVMContext, specialization: Specialization) {
    const generated = this.time('codegen', () =>
      generateModule(context, specialization, job, this.compiler, this.captures),
    );
    try {
      const entry = this.time('finishModule', () =>
        this.hooks.finishModule.call(generated.entry, generated.module, job),
      );
      return { ...generated, entry };
    } catch (error) {
      generated.module.dispose();
      throw error;
    }
  }

  /** The rest of the pipeline, past the caches: a fresh result, in the caller's context or one of its own. */
  compile(specialization: Specialization): CachedResult & { unoptimizedIR?: string } {
    const translated = this.time('translate', () =>
      this.hooks.translate.call(specialization, this.kind, this.job),
    );
    if (translated !== undefined) {
      const entry = this.job.config.name ?? specialization.fn.name;
      return {
        entry,
        ir: '',
        bitcode: Buffer.alloc(0),
        moduleId: '',
        output: translated,
        relocations: new Map(),
        captures: [],
      };
    }
    const context = this.options.context ?? createContext();
    try {
      return this.compileIn(context, specialization);
    } finally {
      if (this.options.context === undefined) this.time('dispose', () => context.dispose());
    }
  }

  private compileIn(context: LLVMContext, specialization: Specialization) {
    const { job, hooks, compiler } = this;
    const generated = this.generate(job, context, specialization);
    const { module } = generated;
    let entry = generated.entry;
    try {
      if (job.config.toplevel) {
        this.time('deferred', () =>
          resolveDeferred(module, job, compiler.deferred, (nested) => {
            const result = this.generate(nested, context, this.infer(nested));
            return { module: result.module, entry: result.entry.getName() };
          }),
        );
      }
      const unoptimizedIR = this.options.keepUnoptimized ? module.print() : undefined;
      if (job.config.toplevel) {
        this.time('link', () => this.link(module, entry, context));
        entry = this.time('finishLinkedModule', () => hooks.finishLinkedModule.call(entry, module, job));
        if (job.config.optimize) {
          this.time('optimize', () => {
            const level = job.config.optLevel;
            runPipeline(module, job.target.pipelines?.[level] ?? `default<O${level}>`, job.target, level);
            hooks.optimizeModule.call(module, job);
          });
        }
        if (job.config.cleanup) {
          this.time('cleanup', () =>
            runPipeline(module, 'globalopt,globaldce,strip-dead-prototypes,constmerge', job.target),
          );
        }
      }
      // After optimisation, where inlining, unrolling and folding have made a count a constant.
      if (job.config.toplevel) resolveWaitCounts(module);
      entry = this.time('finishIR', () => hooks.finishIR.call(entry, module, job));
      if (job.config.toplevel && job.config.validate) {
        this.time('validate', () => {
          const problems = hooks.validateIR.call(validateModule(module, job, compiler), module, job);
          if (problems.length > 0) throw new ValidationError(problems);
        });
      }
      if (job.config.strip)
        this.time('strip', () => runPipeline(module, 'strip-debug-declare,strip-nondebug', job.target));
      // The final IR, as bitcode: `ir` prints it when read (emission lowers the module in place).
      const bitcode = this.time('bitcode', () => module.toBitcode(true));
      const moduleId = module.getModuleIdentifier();
      const kind = this.kind;
      const output = this.time(
        'emit',
        () => hooks.emit.call(module, kind, job) ?? emitModule(module, job.target, kind, job.config.optLevel),
      );
      return withLazyIR(
        {
          entry: entry.getName(),
          bitcode,
          moduleId,
          output,
          relocations: generated.relocations,
          captures: this.captures,
          ...(unoptimizedIR !== undefined ? { unoptimizedIR } : {}),
        },
        () => printBitcode(bitcode, moduleId),
      );
    } finally {
      this.time('dispose', () => module.dispose());
    }
  }

  /** Links vendor libraries and the runtime (only what is needed), then internalises. */
  private link(module: Module, entry: LLVMFunction, context: LLVMContext): void {
    const { compiler, job } = this;
    // Collected before linking: a definition linked in over a declaration drops its metadata.
    const keep = [entry.getName(), ...exported(module)];
    const stubbed = compiler.runtime.stubsToDeclarations(module);
    if (job.config.libraries) {
      this.hooks.linkLibraries.call(module, job);
      const runtime = compiler.runtime.library(
        context,
        job.target,
        this.cache.runtime(job.target, compiler.pluginNames),
        module,
      );
      if (runtime) linkModules(module, runtime, { onlyNeeded: true });
    }
    // Symbols the runtime did not define keep their CPU-safe weak stubs.
    compiler.runtime.restoreStubs(module, stubbed, job.target);
    // And what the runtime exports (a status word the host patches, say).
    internalize(module, [...keep, ...exported(module)]);
  }
}

/**
 * Compiles a job with a compiler's plugins. The caches wrap the pipeline: after inference (the
 * key needs what it reached), a result is reused while the job, every source reached, the
 * methods dispatched to and the captured values are the same.
 */
export function compileJob(compiler: Compiler, job: Job, options: CompileOptions = {}): CompileResult {
  const { outputs } = job.target;
  const kind = options.kind ?? 'object';
  if (outputs && !outputs.includes(kind)) {
    throw new OptionError(
      'kind',
      `target '${job.target.name}' has no ${kind} output`,
      outputs.map((k) => `'${k}'`).join(', '),
    );
  }
  const run = new CompileRun(compiler, job, options);
  const specialization = run.infer(job, options.methods);
  const key = run.time('cache', () => cacheKey(job, specialization, compiler.pluginNames));
  // Asking for the IR before optimisation means compiling again (cached results lack it).
  const cached = options.keepUnoptimized ? undefined : run.time('cache', () => run.cache.read(key, run.kind));
  const result = cached ?? run.compile(specialization);
  if (!cached) run.time('cache', () => run.cache.write(key, run.kind, result));
  // Field by field: a spread would read (print) the IR.
  const { entry, bitcode, moduleId, output, relocations, captures } = result;
  const unoptimizedIR = (result as { unoptimizedIR?: string }).unoptimizedIR;
  return withLazyIR(
    {
      job,
      specialization,
      entry,
      bitcode,
      moduleId,
      output,
      relocations,
      captures,
      ...(unoptimizedIR !== undefined ? { unoptimizedIR } : {}),
      kind: run.kind,
      timings: run.timings,
    },
    () => result.ir,
  );
}

/**
 * The front half of the pipeline alone: `prepareJob`, the back-end's method overlays and
 * inference, with their timings. A back-end that does not end in LLVM (WebGPU's WGSL) translates
 * the typed IR of the specialization itself instead of calling {@link compileJob}.
 */
export function specializeJob(
  compiler: Compiler,
  job: Job,
  options: Pick<CompileOptions, 'methods'> = {},
): { specialization: Specialization; timings: Timings } {
  const run = new CompileRun(compiler, job, options);
  return { specialization: run.infer(job, options.methods), timings: run.timings };
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
