/**
 * A map whose values are held weakly: an entry lasts while something else holds its value, so
 * a table that gives each key one object (interned types, functions by id) keeps that identity
 * for as long as it matters and nothing after.
 */
export class WeakValueMap<K, V extends object> {
  private readonly refs = new Map<K, WeakRef<V>>();
  // An entry is deleted once its value is collected, unless the key was given another value since.
  private readonly collected = new FinalizationRegistry<{ key: K; ref: WeakRef<V> }>(({ key, ref }) => {
    if (this.refs.get(key) === ref) this.refs.delete(key);
  });

  get(key: K): V | undefined {
    return this.refs.get(key)?.deref();
  }

  set(key: K, value: V): void {
    const ref = new WeakRef(value);
    this.refs.set(key, ref);
    this.collected.register(value, { key, ref });
  }
}
