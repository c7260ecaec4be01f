/**
 * The scope an array kernel sees: the user's names and the user's function as `gpucOp`. One
 * object per (function, user scope), so that inference and the loaded kernels, which key scopes
 * by identity, find what they made for the last call.
 */
import { type FunctionInput, toSource } from '../frontend/infer.js';
import { TypedScalar } from '../frontend/values.js';
import { kernelCache } from '../support/cache-limits.js';
import { ARRAY_CONSTRUCTORS, type ElementName } from './element.js';

type Scope = Readonly<Record<string, unknown>>;

const EMPTY: Scope = Object.freeze({});
const scopes = new WeakMap<object, WeakMap<Scope, Scope>>();

/**
 * Functions by their source text, the least recently used dropped past the `kernels` cache limit
 * (support/cache-limits.ts), held weakly: a function kept here must not keep its closure's data alive.
 */
const byText = kernelCache<WeakRef<object>>();

/**
 * The function that stands for `fn`: the first one seen with the same source text. Compiled, a
 * function is its text (device functions see the scope, never their closures), so an arrow
 * written inline, new at every call (`map((x) => x * 2, xs)` in a loop), reuses what the first
 * one's call inferred and compiled rather than locating and inferring its source again.
 */
function canonical(fn: object): object {
  // Source text given as { text, file } stands for itself; anything else is refused there.
  if (typeof fn !== 'function') return toSource(fn as FunctionInput) && fn;
  const text = Function.prototype.toString.call(fn);
  const kept = byText().get(text)?.deref();
  if (kept) return kept;
  byText().set(text, new WeakRef(fn));
  return fn;
}

/** The scope of a kernel calling `fn` as `gpucOp`, with the user's `scope`. */
export function opScope(fn: object, scope: Scope = EMPTY): Scope {
  const op = canonical(fn);
  let byScope = scopes.get(op);
  if (!byScope) {
    byScope = new WeakMap();
    scopes.set(op, byScope);
  }
  let found = byScope.get(scope);
  if (!found) {
    found = Object.freeze({ ...scope, gpucOp: op });
    byScope.set(scope, found);
  }
  return found;
}

/**
 * A host value as a kernel argument of `element`: converted as a store into its typed array
 * would, and typed (a number wrapped so that an integer is not taken for an `i32`).
 */
export function typedValue(element: ElementName, value: number | bigint): unknown {
  const stored = (
    ARRAY_CONSTRUCTORS[element] as unknown as { of(v: number | bigint): ArrayLike<number | bigint> }
  ).of(value)[0] as number | bigint;
  return typeof stored === 'bigint' ? stored : new TypedScalar(stored, element);
}
