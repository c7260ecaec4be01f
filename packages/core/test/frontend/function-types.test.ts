// A function type holds the function it stands for: a kernel argument may be a closure nothing
// else holds, and the compile that takes its type must still find it after a collection.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { functionById, functionOfType } from '../../src/frontend/index.js';
import { typeOfValue } from '../../src/index.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** The type of a closure made here and held by nothing but what this returns. */
const typeOfAClosure = (k: number) => typeOfValue((x: number) => x * k);

describe('function types', () => {
  it('keep their function while the type is held, though nothing else holds it', async () => {
    const types = Array.from({ length: 8 }, (_, k) => typeOfAClosure(k));
    // WeakRefs made in this turn hold their targets until it ends.
    await new Promise((resolve) => setTimeout(resolve, 0));
    gc();
    for (const type of types) {
      const fn = functionOfType(type as never);
      expect(typeof fn).toBe('function');
      expect(functionById((type as { id: number }).id)).toBe(fn);
    }
  });
});
