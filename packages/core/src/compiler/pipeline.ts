/**
 * The pipeline: one job from source to machine code, stage by stage in DESIGN.md's order, each
 * stage timed.
 *
 *   check -> infer -> codegen -> finishModule -> link libraries and runtime -> internalise
 *   -> finishLinkedModule -> optimise -> cleanup -> finishIR -> validate -> emit
 */

import { methodStack } from '../frontend/index.js';
import { type Specialization, specialize } from '../frontend/infer.js';
import { currentWorld } from '../frontend/methods.js';
import { emit as emitModule } from '../llvm/emit.js';
import { internalize, linkModules } from '../llvm/link.js';
import { createContext } from '../llvm/module.js';
import { runPipeline } from '../llvm/passes.js';
import type { LLVMContext, LLVMFunction, Module } from '../llvm/types.js';
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
  /** Keep the IR before optimisation in the result. */
  readonly keepUnoptimized?: boolean;
  /** The LLVM context (one per thread of compilation; a shared default otherwise). */
  readonly context?: LLVMContext;
}

let sharedContext: LLVMContext | undefined;

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
function generate(compiler: Compiler, job: Job, context: LLVMContext, timings: Timings) {
  const hooks = compiler.hooks;
  timed(timings, 'check', () => hooks.prepareJob.call(job));
  const overlays = timed(timings, 'methodTables', () => hooks.methodTables.call([], job));
  const specialization = timed(timings, 'infer', () =>
    specialize(job.source, job.argTypes, {
      methods: methodStack(overlays),
      scope: job.scope,
      world: job.world ?? currentWorld(),
      target: job.target.name,
    }),
  );
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
  sharedContext ??= createContext();
  const context = options.context ?? sharedContext;
  const hooks = compiler.hooks;

  const generated = generate(compiler, job, context, timings);
  const { module, entry, specialization } = generated;
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
      timed(timings, 'link', () => link(compiler, module, entry, job, context));
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
    const finalEntry = module.getFunction(entry.getName()) as LLVMFunction;
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
    const kind = options.kind ?? 'object';
    const output = timed(
      timings,
      'emit',
      () => hooks.emit.call(module, kind, job) ?? emitModule(module, job.target, kind, job.config.optLevel),
    );
    return {
      job,
      specialization,
      entry: finalEntry.getName(),
      ...(unoptimizedIR !== undefined ? { unoptimizedIR } : {}),
      ir,
      output,
      kind,
      relocations: generated.relocations,
      timings,
    };
  } finally {
    module.dispose();
  }
}

/** Links vendor libraries and the runtime (only what is needed), then internalises. */
function link(compiler: Compiler, module: Module, entry: LLVMFunction, job: Job, context: LLVMContext): void {
  // Collected before linking: a definition linked in over a declaration drops its metadata.
  const keep = [entry.getName(), ...exported(module)];
  const stubbed = compiler.runtime.stubsToDeclarations(module);
  if (job.config.libraries) {
    compiler.hooks.linkLibraries.call(module, job);
    const runtime = compiler.runtime.library(context, job.target);
    if (runtime) linkModules(module, runtime, { onlyNeeded: true });
  }
  // Symbols the runtime did not define keep their CPU-safe weak stubs.
  compiler.runtime.restoreStubs(module, stubbed);
  internalize(module, keep);
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
