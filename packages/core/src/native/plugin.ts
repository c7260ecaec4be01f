/**
 * The native back-end as a compiler plugin: the host CPU target, its intrinsics, its strong
 * runtime, and the launcher every native kernel gets.
 */
import { TypeMapper } from '../compiler/codegen/types.js';
import type { Compiler, CompilerPlugin } from '../compiler/compiler.js';
import type { Target } from '../compiler/job.js';
import { mathLibrary } from '../frontend/catalogue/index.js';
import { runPipeline } from '../llvm/passes.js';
import { captureByReference } from './capture.js';
import { barrierCalls, COROUTINE_PIPELINE, makeCoroutine } from './coroutine.js';
import { nativeIntrinsics } from './intrinsics.js';
import { buildCoroutineLauncher, buildLauncher } from './launcher.js';
import { buildNativeRuntime } from './runtime.js';
import { nativeTarget } from './target.js';
import { unifyParity } from './warp-parity.js';
import { linkedReadsAsParameters, makeWorkItemLoops } from './workitems.js';

/**
 * Library functions compiled native code may call (libc, threads, and libm: the catalogue's
 * library functions and those LLVM expands its own intrinsics to), in f64 and f32 (`sinf`).
 */
const LIBM = [
  ...mathLibrary().map(({ name }) => name),
  ...['exp2', 'ldexp', 'exp10', 'fmod', 'sqrt', 'fabs', 'floor', 'ceil', 'trunc', 'round', 'fmin', 'fmax'],
];
const LIBRARY = new RegExp(
  `^(printf|snprintf|malloc|calloc|free|pthread_create|pthread_join|(${LIBM.join('|')})f?)$`,
);

/** The bytes of local arrays a native kernel (with its device functions) may have. */
export const NATIVE_LOCAL_BYTES = 1 << 20;

let target: Target | undefined;

/** The host CPU as a compile target. */
export function nativeCompileTarget(): Target {
  target ??= Object.freeze({
    ...nativeTarget(),
    backend: 'native',
    addressSpaces: Object.freeze({ generic: 0, global: 0, shared: 0, constant: 0, local: 0 }),
    // Local arrays live on the stack of the thread that launches or of a worker (8 MiB where
    // the system's default stack is, 4 MiB in a Node worker): 1 MiB for a kernel's local
    // arrays leaves room for the caller's frames.
    limits: Object.freeze({ localBytes: NATIVE_LOCAL_BYTES }),
    // NativeKernel writes captured arrays into the loaded library at each launch.
    fillsCapturedArrays: true,
    lacks: Object.freeze({}),
  });
  return target;
}

export class NativePlugin implements CompilerPlugin {
  readonly name = 'native';

  apply(compiler: Compiler): void {
    const hooks = compiler.hooks.for('native');
    compiler.registerTarget('native', () => nativeCompileTarget());
    compiler.registerIntrinsics('native', nativeIntrinsics);
    compiler.runtime.provide('native', buildNativeRuntime);
    hooks.captureValue.tap('native', captureByReference);
    hooks.finishModule.tap('native', (entry, module, job) => {
      if (!job.config.kernel) return entry;
      const types = new TypeMapper(module.getContext(), job.target.addressSpaces);
      const barriers = barrierCalls(module, entry, job.target);
      unifyParity(entry);
      if (barriers.length === 0)
        buildLauncher(module, entry, makeWorkItemLoops(module, entry, job.target), job.argTypes, types);
      else {
        const coroutine = makeCoroutine(module, entry, barriers);
        buildCoroutineLauncher(module, entry, coroutine, job.argTypes, types, compiler.runtime);
      }
      return entry;
    });
    // Kernels with barriers are coroutines: split them before the optimiser sees them. Work-item
    // loops get the thread's indices into what was linked in after they were made.
    hooks.finishLinkedModule.tap('native', (entry, module, job) => {
      if (job.config.kernel) linkedReadsAsParameters(module, entry, job.target);
      if (module.getFunctions().some((f) => f.hasFnAttribute('coroutine.presplit'))) {
        runPipeline(module, COROUTINE_PIPELINE, job.target);
      }
      return entry;
    });
    hooks.isIntrinsic.tap('native', (name) => (LIBRARY.test(name) ? true : undefined));
  }
}
