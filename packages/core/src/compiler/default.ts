/**
 * The compiler most applications use: gpuc's runtime registry with the native back-end applied.
 * GPU back-ends are further plugins (`defaultCompiler().use(new CudaPlugin())`).
 */
import { NativePlugin } from '../native/plugin.js';
import { Compiler } from './compiler.js';
import { RuntimeRegistry } from './runtime.js';

let shared: Compiler | undefined;

/** A new compiler with the native back-end. */
export function createCompiler(): Compiler {
  return new Compiler(new RuntimeRegistry()).use(new NativePlugin());
}

/** The process-wide default compiler. */
export function defaultCompiler(): Compiler {
  shared ??= createCompiler();
  return shared;
}
