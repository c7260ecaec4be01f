/**
 * Numbers for objects by identity, for keys where an object's printed form is no identity (two
 * functions of one name and argument types print alike).
 */

/** A numbering: each object gets 0, 1, 2... in the order first asked for, the same one after. */
export function serialNumbers<T extends object>(): (value: T) => number {
  const numbers = new WeakMap<T, number>();
  let next = 0;
  return (value) => {
    let found = numbers.get(value);
    if (found === undefined) {
      found = next++;
      numbers.set(value, found);
    }
    return found;
  };
}
