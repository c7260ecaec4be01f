// A process that keeps making new kernels (fresh closures, `new Function` texts, kernels given as
// text) keeps a bounded number of them: the front end's tables are bounded by the `kernels` cache
// limit or hold weakly, so the JS heap levels off once they are full. Measured in a process of
// its own with small limits, the garbage collected.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('compiling ever new kernels', () => {
  it('levels the heap off once the caches are full', () => {
    const fixture = new URL('./fixtures/many-kernels.ts', import.meta.url).pathname;
    const output = execFileSync(
      process.execPath,
      ['--expose-gc', '--conditions=source', '--import', 'tsx', fixture, '240'],
      { encoding: 'utf8', env: { ...process.env, GPUC_CACHE_KERNELS: '8', GPUC_MEMORY_CACHE_MB: '1' } },
    );
    const { before, after } = JSON.parse(output.trim().split('\n').at(-1) as string) as {
      before: number;
      after: number;
    };
    // Each of the 180 kernels after the first part kept would cost tens of kilobytes.
    expect(after - before).toBeLessThan(2 * 2 ** 20);
  }, 300_000);
});
