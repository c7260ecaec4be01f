// Nothing is kept per compile: the same kernel compiled to PTX 2,000 times, the in-process map of
// results bypassed, leaves RSS flat once the caches are full (LLVM 14's layer kept about 38 KB
// per PTX compile). Measured in a process of its own, with the garbage collected.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('compiling again and again', () => {
  it('keeps RSS flat over 2,000 PTX compiles', () => {
    const fixture = new URL('./fixtures/recompile.ts', import.meta.url).pathname;
    const output = execFileSync(
      process.execPath,
      ['--expose-gc', '--conditions=source', '--import', 'tsx', fixture],
      {
        encoding: 'utf8',
      },
    );
    const { before, after } = JSON.parse(output.trim().split('\n').at(-1) as string) as {
      before: number;
      after: number;
    };
    expect(after - before).toBeLessThan(16 * 1024 * 1024);
  }, 300_000);
});
