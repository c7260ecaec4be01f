// The type-level checks of launch.test-d.ts (CUDA launches of typed kernels), compiled by tsc
// under strict settings.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { typeErrors } from '../../../core/test/types/type-check.js';

describe('CUDA launch types', () => {
  it('type-check under tsc --strict as launch.test-d.ts says', async () => {
    expect(await typeErrors(join(import.meta.dirname, 'tsconfig.json'))).toBe('');
  }, 120_000);
});
