// Kernels written apart from the corpus (test/outside-kernels.ts), natively against the reference
// runner: every element the same (within the stated ulps for f32 arithmetic).
import { describe, expect, it } from 'vitest';
import { launchNative } from '../../src/index.js';
import { differenceFromReference, OUTSIDE_KERNELS } from '../outside-kernels.js';

describe('kernels written apart from the corpus, natively', () => {
  it.each(OUTSIDE_KERNELS.map((k) => [k.name, k] as const))('%s', (_, k) => {
    expect(differenceFromReference(k, launchNative as never)).toBeUndefined();
  });
});
