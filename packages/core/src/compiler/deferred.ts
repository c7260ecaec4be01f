/**
 * Deferred code generation (docs/design.md): one job needing another job's code, resolved
 * inside the parent's compile. AD derivatives use it; so could dynamic parallelism.
 *
 * A plugin registers a job and gets an integer id. Generated code calls
 * `i8* @deferred_codegen(i64 id)` with the id as a constant and calls the returned pointer. The
 * marker has a weak identity body, so a module whose markers were never resolved still links
 * for the CPU. The driver compiles each distinct job once as a nested job in the parent's
 * target, links it in, replaces each marker call with the function's address, and repeats until
 * no marker remains (nested jobs may defer too); then it erases the marker. The optimiser turns the indirect calls into direct ones.
 */

import type { KernelSource } from '../frontend/source.js';
import type { Type } from '../frontend/types.js';
import { basicTypes } from '../llvm/basic-types.js';
import { linkModules } from '../llvm/link.js';
import { llvm } from '../llvm/load.js';
import type {
  CallInst,
  ConstantInt,
  IRBuilder,
  LLVMFunction,
  Type as LLVMType,
  Module,
  Value,
} from '../llvm/types.js';
import type { Config, Job, Params } from './job.js';

/** The marker function's name. */
export const DEFERRED_MARKER = 'deferred_codegen';

/** A job to compile on demand: a function for argument types, in the parent's target. */
export interface DeferredJob {
  readonly source: KernelSource;
  readonly argTypes: readonly Type[];
  /** Extra params for the nested job (merged over the parent's). */
  readonly params?: Params;
}

/** Jobs registered for deferred code generation, by id. */
export class DeferredRegistry {
  private readonly jobs: DeferredJob[] = [];
  /** Ids by source object (generated sources share their text with what they came from). */
  private readonly ids = new WeakMap<KernelSource, Map<string, number>>();

  /** Registers a job (once per source, argument types and params) and returns its id. */
  register(job: DeferredJob): number {
    let bySource = this.ids.get(job.source);
    if (!bySource) {
      bySource = new Map();
      this.ids.set(job.source, bySource);
    }
    const key = `${job.argTypes.map((t) => t.key).join(',')}\0${JSON.stringify(job.params ?? {})}`;
    let id = bySource.get(key);
    if (id === undefined) {
      id = this.jobs.length + 1;
      this.jobs.push(job);
      bySource.set(key, id);
    }
    return id;
  }

  get(id: number): DeferredJob {
    const job = this.jobs[id - 1];
    if (!job) throw new Error(`gpuc: no deferred job has id ${id}`);
    return job;
  }
}

/** The marker in a module: `i8* deferred_codegen(i64)` with its weak identity body. */
export function deferredMarker(module: Module): LLVMFunction {
  const l = llvm();
  const existing = module.getFunction(DEFERRED_MARKER);
  if (existing) return existing;
  const context = module.getContext();
  const { ptr: i8ptr } = basicTypes(context);
  const marker = l.Function.Create(
    l.FunctionType.get(i8ptr, [l.Type.getInt64Ty(context)], false),
    l.Function.LinkageTypes.WeakAnyLinkage,
    DEFERRED_MARKER,
    module,
  );
  const b = new l.IRBuilder(l.BasicBlock.Create(context, 'identity', marker));
  b.CreateRet(b.CreateIntToPtr(marker.getArg(0), i8ptr));
  return marker;
}

/**
 * Emits a call to deferred job `id`'s function: the marker gives its address, which is called
 * with `args` as a function of type `result (params...)`.
 */
export function emitDeferredCall(
  builder: IRBuilder,
  module: Module,
  id: number,
  result: LLVMType,
  args: readonly Value[],
): Value {
  const l = llvm();
  const context = module.getContext();
  const type = l.FunctionType.get(
    result,
    args.map((a) => a.getType()),
    false,
  );
  const address = builder.CreateCall(deferredMarker(module), [
    l.ConstantInt.get(l.Type.getInt64Ty(context), id),
  ]);
  const callee = builder.CreateBitCast(address, l.PointerType.get(type, 0));
  return builder.CreateCall(type, callee, [...args]);
}

/** Compiles a nested job to a module (no linking, optimisation or validation: the parent does those). */
export type NestedCompiler = (job: Job) => { module: Module; entry: string };

/**
 * Resolves every marker call in a module: nested jobs compiled once each, linked in, addresses
 * substituted; repeated until none remains. Returns the number of nested jobs compiled.
 */
export function resolveDeferred(
  module: Module,
  parent: Job,
  registry: DeferredRegistry,
  compile: NestedCompiler,
): number {
  const l = llvm();
  const resolved = new Map<number, string>();
  for (;;) {
    const marker = module.getFunction(DEFERRED_MARKER);
    const calls = (marker?.getUsers() ?? []) as CallInst[];
    if (!marker || calls.length === 0) break;
    for (const call of calls) {
      const operand = call.getArgOperand(0);
      if (!(operand instanceof l.ConstantInt)) throw new Error('gpuc: deferred_codegen needs a constant id');
      const id = Number((operand as ConstantInt).getZExtValue());
      let name = resolved.get(id);
      if (name === undefined) {
        const deferred = registry.get(id);
        const config: Config = { ...parent.config, kernel: false, toplevel: false, name: `deferred.${id}` };
        const job: Job = {
          source: deferred.source,
          argTypes: deferred.argTypes,
          target: parent.target,
          params: { ...parent.params, ...deferred.params },
          config,
          // The kernel's scope: the captured arrays the launch fills are read from it alone.
          scope: parent.scope,
          world: parent.world,
        };
        const nested = compile(job);
        linkModules(module, nested.module);
        name = nested.entry;
        resolved.set(id, name);
      }
      const fn = module.getFunction(name) as LLVMFunction;
      call.replaceAllUsesWith(l.ConstantExpr.getBitCast(fn, l.Type.getInt8PtrTy(module.getContext())));
      call.eraseFromParent();
    }
  }
  const marker = module.getFunction(DEFERRED_MARKER);
  if (marker?.use_empty()) marker.eraseFromParent();
  return resolved.size;
}
