// Asynchronous native launches: the kernel runs off the main thread while timers tick, its
// errors and bad launches reject the promise, and launches of one kernel take turns.
import { describe, expect, it } from 'vitest';
import { compileNative, LaunchError, launchNative, launchNativeAsync, parseType } from '../../src/index.js';
import { CHECKED_KERNEL } from '../gpu-checks.js';

/** A kernel that spins for a while: each thread sums square roots `n` times. */
const spin = {
  text: `function spin(out, n) {
  const i = gpu.globalIdx.x;
  let s = 0;
  for (let k = 0; k < n; k++) s += Math.sqrt(k + i);
  out[i] = s;
}`,
  file: 'spin.js',
};
const expected = (i: number, n: number) => {
  let s = 0;
  for (let k = 0; k < n; k++) s += Math.sqrt(k + i);
  return s;
};

/** Timer ticks (every 5 ms) while `work` runs, and how long it took. */
async function ticksDuring(work: () => unknown): Promise<{ ticks: number; ms: number }> {
  let ticks = 0;
  const timer = setInterval(() => ticks++, 5);
  const start = performance.now();
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  return { ticks, ms: performance.now() - start };
}

describe('launchNativeAsync', () => {
  it('leaves the event loop free while the kernel runs, where launchNative blocks it', async () => {
    const n = 2e7;
    const out = new Float64Array(2);
    const launch = { grid: 1, block: 2, threads: 1 };
    launchNative(spin, launch, out, 10); // compiled before anything is timed
    const blocked = await ticksDuring(() => launchNative(spin, launch, out, n));
    out.fill(0);
    const free = await ticksDuring(() => launchNativeAsync(spin, launch, out, n));
    expect(Array.from(out)).toEqual([expected(0, n), expected(1, n)]);
    expect(blocked.ticks).toBe(0);
    // A tick every 5 ms, give or take a busy machine.
    expect(free.ticks).toBeGreaterThanOrEqual(Math.min(10, Math.floor(free.ms / 20)));
    expect(free.ticks).toBeGreaterThan(0);
  }, 60_000);

  it("rejects with a bad launch's coded error, a compile error, and the kernel's own error", async () => {
    const out = new Float64Array(2);
    const bad = launchNativeAsync(spin, { grid: 1, block: 2 }, out, 'ten');
    await expect(bad).rejects.toBeInstanceOf(LaunchError);
    await expect(bad).rejects.toMatchObject({ code: 'bad-argument', parameter: { index: 1, name: 'n' } });
    await expect(launchNativeAsync(spin, { grid: 0, block: 2 }, out, 1)).rejects.toMatchObject({
      code: 'bad-launch',
    });
    await expect(
      launchNativeAsync(
        { text: 'function broken(x) { x[0] = ; }', file: 'broken.js' },
        { grid: 1, block: 1 },
        out,
      ),
    ).rejects.toThrow(/broken\.js/);
    const checked = CHECKED_KERNEL;
    const x = new Float32Array(64);
    await expect(launchNativeAsync(checked, { grid: 2, block: 32 }, x, 40)).rejects.toThrow(
      'element out of range (in checked at checked.js:3)',
    );
    // The next launch of the kernel runs clean.
    await launchNativeAsync(checked, { grid: 2, block: 32 }, x, 100);
    expect(x.every((v) => v === 1)).toBe(true);
  }, 60_000);

  it('runs launches of one kernel one after another, and refuses a synchronous one meanwhile', async () => {
    const kernel = compileNative(
      { text: 'function inc(x) { const i = gpu.globalIdx.x; x[i] += 1; }', file: 'inc.js' },
      [parseType('f64[]') as never],
    );
    const x = new Float64Array(256);
    const launches = Array.from({ length: 8 }, () => kernel.launchAsync(4, 64, [x]));
    expect(() => kernel.launch(4, 64, [x])).toThrow(LaunchError);
    await Promise.all(launches);
    expect(x.every((v) => v === 8)).toBe(true);
    kernel.launch(4, 64, [x]);
    expect(x[0]).toBe(9);
  }, 60_000);
});
