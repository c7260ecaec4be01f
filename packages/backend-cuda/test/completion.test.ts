// Waiting for the GPU without blocking the event loop: the poller asks its query on later turns
// until the work is done, and timers run in between.
import { describe, expect, it } from 'vitest';
import { NOT_READY, whenReady } from '../src/driver/completion.js';

describe('whenReady', () => {
  it('asks again on later turns of the event loop until the query is no longer NOT_READY', async () => {
    let asked = 0;
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const start = performance.now();
    // "Done" after 60 ms, as a kernel that long would be.
    const code = await whenReady(() => {
      asked++;
      return performance.now() - start < 60 ? NOT_READY : 0;
    });
    clearInterval(timer);
    expect(code).toBe(0);
    expect(asked).toBeGreaterThan(1);
    expect(ticks).toBeGreaterThan(5);
  });

  it("resolves with the driver's error code, and rejects when the query throws", async () => {
    let asked = 0;
    await expect(whenReady(() => (++asked < 3 ? NOT_READY : 700))).resolves.toBe(700);
    await expect(
      whenReady(() => {
        throw new Error('no driver');
      }),
    ).rejects.toThrow('no driver');
  });
});
