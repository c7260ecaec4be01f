/**
 * Compiled kernels an array back-end keeps, per (kernel, scope, argument types): an operation
 * launches several kernels a call, and finding each again through the launch functions' caches
 * (whose keys hash the scope and the source) would cost more than small launches take.
 */
import type { FunctionInput } from '../frontend/infer.js';
import type { Type } from '../frontend/types.js';

type Scope = Readonly<Record<string, unknown>>;

/** A back-end's compiled kernels. */
export class KeptKernels<K> {
  private readonly kept = new WeakMap<object, WeakMap<Scope, Map<string, K>>>();

  /**
   * @param typesOf the kernel types of a launch's arguments
   * @param compile compiles a kernel for types, with its scope
   */
  constructor(
    private readonly typesOf: (kernel: FunctionInput, args: readonly unknown[]) => readonly Type[],
    private readonly compile: (kernel: FunctionInput, types: readonly Type[], scope: Scope) => K,
  ) {}

  /** The compiled kernel for these arguments (compiled on first use). */
  get(kernel: FunctionInput, scope: Scope, args: readonly unknown[]): K {
    const types = this.typesOf(kernel, args);
    let byScope = this.kept.get(kernel as object);
    if (!byScope) {
      byScope = new WeakMap();
      this.kept.set(kernel as object, byScope);
    }
    let bySignature = byScope.get(scope);
    if (!bySignature) {
      bySignature = new Map();
      byScope.set(scope, bySignature);
    }
    const signature = types.map((t) => t.key).join(',');
    let found = bySignature.get(signature);
    if (found === undefined) {
      found = this.compile(kernel, types, scope);
      bySignature.set(signature, found);
    }
    return found;
  }
}
