// Kernels written apart from the corpus (test/outside-kernels.ts), natively against the reference
// runner: every element the same (within the stated ulps for f32 arithmetic).
import { describe, expect, it } from 'vitest';
import { launchNative, runReference } from '../../src/index.js';
import { firstDifference, OUTSIDE_KERNELS } from '../outside-kernels.js';

describe('kernels written apart from the corpus, natively', () => {
  it.each(OUTSIDE_KERNELS.map((k) => [k.name, k] as const))('%s', (_, k) => {
    const source = { text: k.text, file: 'outside.js' };
    const launch = {
      grid: k.grid,
      block: k.block,
      ...(k.sharedBytes ? { sharedBytes: k.sharedBytes } : {}),
      ...(k.scope ? { scope: k.scope() } : {}),
    };
    const [reference, native] = [k.args(), k.args()];
    runReference(source, launch, reference);
    launchNative(source, launch, ...(native as never[]));
    expect(firstDifference(reference, native, k.ulps)).toBeUndefined();
  });
});
