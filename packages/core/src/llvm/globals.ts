/**
 * Global variables by what they are, instead of `GlobalVariable.Create`'s nine positional
 * arguments.
 */
import { llvm } from './load.js';
import type { Constant, GlobalVariable, Module, Type } from './types.js';

/** How a global is linked. */
export type Linkage = 'external' | 'internal' | 'private' | 'weak';

/** A global variable to add. */
export interface GlobalSpec {
  readonly name: string;
  readonly type: Type;
  /** Its initial value: a constant, `'zero'`, `'undef'`, or none for a declaration (the default). */
  readonly init?: Constant | 'zero' | 'undef';
  /** Whether it is read-only (default false). */
  readonly constant?: boolean;
  /** Default `external`. */
  readonly linkage?: Linkage;
  /** Default 0. */
  readonly addressSpace?: number;
  /** A thread-local variable (general dynamic model). */
  readonly threadLocal?: boolean;
  /** Set by something outside the module (the host), so its initial value may not be assumed. */
  readonly externallyInitialized?: boolean;
  /** Its alignment in bytes. */
  readonly alignment?: number;
}

/** Adds a global variable to a module. */
export function addGlobal(module: Module, spec: GlobalSpec): GlobalVariable {
  const l = llvm();
  const linkages = l.GlobalValue.LinkageTypes;
  const linkage = {
    external: linkages.ExternalLinkage,
    internal: linkages.InternalLinkage,
    private: linkages.PrivateLinkage,
    weak: linkages.WeakAnyLinkage,
  }[spec.linkage ?? 'external'];
  const init =
    spec.init === 'zero'
      ? l.Constant.getNullValue(spec.type)
      : spec.init === 'undef'
        ? l.UndefValue.get(spec.type)
        : (spec.init ?? null);
  const { ThreadLocalMode } = l.GlobalVariable;
  const global = l.GlobalVariable.Create(
    module,
    spec.type,
    spec.constant ?? false,
    linkage,
    init,
    spec.name,
    spec.addressSpace ?? 0,
    spec.threadLocal ? ThreadLocalMode.GeneralDynamicTLSModel : ThreadLocalMode.NotThreadLocal,
    spec.externallyInitialized ?? false,
  );
  if (spec.alignment !== undefined) global.setAlignment(spec.alignment);
  return global;
}
