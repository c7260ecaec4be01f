/**
 * The scope an array kernel sees: the user's names and the user's function as `gpucOp`.
 * One object per (function, user scope), so that inference and the loaded
 * kernels, which key scopes by identity, find what they made for the last call.
 */
import { TypedScalar } from '../frontend/values.js';
import { ARRAY_CONSTRUCTORS, type ElementName } from './element.js';

type Scope = Readonly<Record<string, unknown>>;

const EMPTY: Scope = Object.freeze({});
const scopes = new WeakMap<object, WeakMap<Scope, Scope>>();

/** The scope of a kernel calling `fn` as `gpucOp`, with the user's `scope`. */
export function opScope(fn: object, scope: Scope = EMPTY): Scope {
  let byScope = scopes.get(fn);
  if (!byScope) {
    byScope = new WeakMap();
    scopes.set(fn, byScope);
  }
  let found = byScope.get(scope);
  if (!found) {
    found = Object.freeze({ ...scope, gpucOp: fn });
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
