/**
 * The compiler most applications use: gpuc's runtime registry with the native back-end applied,
 * and every plugin registered to apply everywhere (`applyEverywhere`: importing
 * `@gpuc/enzyme-ad` makes `autodiff` work in `launchNative` and in each back-end's launches).
 * GPU back-ends are further plugins (`defaultCompiler().use(new CudaPlugin())`).
 */

import { Compiler, type CompilerPlugin } from '../compiler/compiler.js';
import { RuntimeRegistry } from '../compiler/runtime.js';
import { processWide } from '../frontend/values.js';
import { NativePlugin } from '../native/plugin.js';

/** Plugins every compiler gets, and the compilers made so far (shared by copies of gpuc). */
const everywhere = processWide('everywhere', () => ({
  plugins: [] as CompilerPlugin[],
  compilers: [] as WeakRef<Compiler>[],
}));

/** A new compiler with the native back-end and the plugins registered to apply everywhere. */
export function createCompiler(): Compiler {
  const compiler = new Compiler(new RuntimeRegistry()).use(new NativePlugin(), ...everywhere.plugins);
  everywhere.compilers = everywhere.compilers.filter((ref) => ref.deref() !== undefined);
  everywhere.compilers.push(new WeakRef(compiler));
  return compiler;
}

/**
 * Applies a plugin to every compiler `createCompiler` has made and will make: for plugins that
 * extend the language (AD), which a kernel may use under any launch. Applying one twice (by
 * name) is a no-op.
 */
export function applyEverywhere(plugin: CompilerPlugin): void {
  if (everywhere.plugins.some((p) => p.name === plugin.name)) return;
  everywhere.plugins.push(plugin);
  for (const ref of everywhere.compilers) ref.deref()?.use(plugin);
}

let shared: Compiler | undefined;

/** The process-wide default compiler. */
export function defaultCompiler(): Compiler {
  shared ??= createCompiler();
  return shared;
}
