import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('contexts of their own per compile', () => {
  it("survive the finalisers of their builders, which track a debug location's metadata", () => {
    // The binding releases a context's builders before freeing it; without that a builder's
    // destructor reads freed metadata (glibc's MALLOC_PERTURB_ makes that crash for certain).
    const fixture = new URL('./fixtures/context-per-compile.ts', import.meta.url).pathname;
    const output = execFileSync(
      process.execPath,
      ['--expose-gc', '--conditions=source', '--import', 'tsx', fixture],
      {
        encoding: 'utf8',
        env: { ...process.env, MALLOC_PERTURB_: '165' },
      },
    );
    expect(output.trim()).toBe('survived');
  });
});
