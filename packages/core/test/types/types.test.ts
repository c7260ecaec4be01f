// The type-level checks of launch.test-d.ts, compiled by tsc under strict settings: launches of
// typed kernels, atomics, scalar wrappers and the read-only geometry (every `@ts-expect-error`
// there must be an error, every `expectTypeOf` must hold).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { typeErrors } from './type-check.js';

describe('launch types', () => {
  it('type-check under tsc --strict as launch.test-d.ts says', async () => {
    expect(await typeErrors(join(import.meta.dirname, 'tsconfig.json'))).toBe('');
  }, 120_000);
});
