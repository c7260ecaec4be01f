/**
 * The AD plugin: puts the AD methods and the derivative rules in every job's method stack, and
 * generates `autodiff` calls on every back-end. A call registers a deferred job for its
 * derivative (keyed by the derivative's source, made once per function, argument types,
 * activities and mode) and calls it through the deferred-codegen marker; the job is compiled
 * in the parent's target when the parent resolves its markers, so a derivative inside a CUDA
 * kernel is a CUDA function.
 *
 * Params: `adTapeCapacity` (entries per tape in reverse-mode loops, default 256),
 * `adCheckpoint` (iterations per checkpoint of a loop the data ends; 0, the default, tapes every
 * iteration), `adTangent` (false: a reverse-mode call with one Active number and no shadows is
 * differentiated in reverse mode too, not in forward mode), `adAtomic` (false where one thread runs each call, as the host helpers do)
 * `adWarpAggregate` (false: on CUDA each lane makes its own shadow additions, see warp.ts) and
 * `adBlockAccumulate` (false: on CUDA no shadow sums in shared memory, one addition per warp; see
 * block.ts).
 */
import {
  type Compiler,
  type CompilerPlugin,
  codeVersion,
  type IntrinsicGenerator,
  type Job,
} from '@gpuc/core/compiler';
import {
  DEFAULT_CHECKPOINT,
  DEFAULT_TAPE_CAPACITY,
  type DerivativeOptions,
  derivativeOf,
} from '../derive/index.js';
import { type ArgumentRole, markShadowScopes } from './alias.js';
import { adMethods, annotationArity, siteOf } from './device.js';
import { additionsLate } from './late.js';
import { ruleMethods } from './rules.js';
import { apartVersion, callDerivative, inlineAnnotations, markSharedVersion } from './versions.js';
import { warpAdditions } from './warp.js';

/** The params AD reads on every target's jobs (`adArraysApart` is set on the versions it compiles). */
const AD_PARAMS = [
  'adTapeCapacity',
  'adCheckpoint',
  'adTangent',
  'adAtomic',
  'adWarpAggregate',
  'adBlockAccumulate',
  'adArraysApart',
];

/** The derivative options a job's params ask for. */
export function derivativeOptions(params: Job['params']): DerivativeOptions {
  const capacity = params.adTapeCapacity;
  const checkpoint = params.adCheckpoint;
  return {
    tapeCapacity: typeof capacity === 'number' && capacity > 0 ? Math.floor(capacity) : DEFAULT_TAPE_CAPACITY,
    atomic: params.adAtomic !== false,
    checkpoint:
      typeof checkpoint === 'number' && checkpoint >= 0 ? Math.floor(checkpoint) : DEFAULT_CHECKPOINT,
    tangent: params.adTangent !== false,
  };
}

/** The roles of each derivative's arguments, by its source: what its deferred job compiles. */
const derivativeRoles = new WeakMap<object, readonly ArgumentRole[]>();

export class EnzymePlugin implements CompilerPlugin {
  readonly name = 'enzyme-ad';
  readonly version = codeVersion(import.meta.url);

  apply(compiler: Compiler): void {
    compiler.hooks.all.methodTables.tap(this.name, (tables) => [...tables, adMethods, ruleMethods]);
    const autodiff: IntrinsicGenerator = (cx, args) => {
      const site = siteOf(cx.inst);
      if (!site) throw new Error('gpuc: autodiff reached code generation untyped');
      const derivative = derivativeOf(site, derivativeOptions(cx.job.params));
      derivativeRoles.set(derivative.source, derivative.roles);
      if (derivative.kept) derivativeRoles.set(derivative.kept, derivative.roles);
      // Each annotation record gives its value, and its shadow where it has one.
      const flat = site.annotations.flatMap((annotation, i) =>
        Array.from({ length: annotationArity(annotation) }, (_, field) =>
          cx.builder.CreateExtractValue(args[2 + i] as never, [field]),
        ),
      );
      const result = callDerivative(cx, compiler, derivative, flat);
      return cx.resultType.kind === 'void' ? undefined : result;
    };
    compiler.registerIntrinsics('*', { autodiff });
    compiler.declareParams('*', AD_PARAMS);
    compiler.hooks.all.finishModule.tap(this.name, (entry, module, job) => {
      const roles = derivativeRoles.get(job.source);
      if (!roles) return entry;
      const version = apartVersion(job.params);
      markShadowScopes(module.getContext(), entry, roles, version === true);
      if (version === false) markSharedVersion(entry, module);
      return entry;
    });
    compiler.hooks.all.finishLinkedModule.tap(this.name, (entry, module, job) => {
      inlineAnnotations(module, job);
      return entry;
    });
    compiler.hooks.all.optimizeModule.tap(this.name, (module) => additionsLate(module));
    // After the additions moved late, so that runs of them share one activemask and vote.
    compiler.hooks.for('cuda').optimizeModule.tap(this.name, (module, job) => warpAdditions(module, job));
  }
}
