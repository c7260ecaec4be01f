import { parseSync } from 'oxc-parser';
import { describe, expect, it, vi } from 'vitest';
import { gpu, runReference } from '../../src/index.js';

// Every parse goes through oxc's parseSync: counted on the way, the parser itself running.
vi.mock('oxc-parser', async (original) => {
  const parser = await original<typeof import('oxc-parser')>();
  return { ...parser, parseSync: vi.fn(parser.parseSync) };
});

const kernel = (text: string) => ({ text, file: 'reference-repeat.test.js' });
const make = (text: string) => new Function('gpu', `return ${text}`)(gpu);

describe('repeated reference launches', () => {
  const scope = {
    K: 2,
    square: make('function square(v, k = K) { return v * v * k; }'),
    pair: make('function pair(v) { return v + gpu.shuffleXor(v, 1); }'),
  };
  const asFunction = make('function k(x, o) { const t = gpu.globalIdx.x; o[t] = square(x[t]); }');
  it.each([
    ['without collectives', kernel('function k(x, o) { const t = gpu.globalIdx.x; o[t] = square(x[t]); }')],
    ['with a shuffle', kernel('function k(x, o) { const t = gpu.globalIdx.x; o[t] = pair(square(x[t])); }')],
    ['given as a function', asFunction],
  ])('%s parse the kernel and its helpers on the first launch only', (_, k) => {
    const launch = () => {
      const o = new Float64Array(4);
      runReference(k, { grid: 1, block: 4, scope }, [Float64Array.of(1, 2, 3, 4), o]);
      return Array.from(o);
    };
    const first = launch();
    const parses = vi.mocked(parseSync).mock.calls.length;
    expect(launch()).toEqual(first);
    expect(vi.mocked(parseSync).mock.calls.length).toBe(parses);
  });

  it('check asynchronous copies where the helper a launch finds in its scope starts any', () => {
    // Blocks keep an account of copies only where inference finds one: kept from an earlier
    // launch whose helper copied none, a read before the copy arrives would pass unnoticed.
    const staged = kernel(`function staged(x, o) {
      const tile = gpu.sharedArray(Float32Array, 4);
      const t = gpu.threadIdx.x;
      fill(tile, x, t);
      o[t] = tile[t];
    }`);
    const helpers = {
      plain: make('function fill(tile, x, t) { tile[t] = x[t]; }'),
      copying: make('function fill(tile, x, t) { gpu.copyAsync(tile, t, x, t); gpu.copyAsyncCommit(); }'),
    };
    const launch = (fill: unknown) => () =>
      runReference(staged, { grid: 1, block: 4, scope: { fill } }, [
        new Float32Array(4),
        new Float32Array(4),
      ]);
    expect(launch(helpers.plain)).not.toThrow();
    expect(launch(helpers.copying)).toThrow(/read before its own gpu\.copyAsync/);
    expect(launch(helpers.plain)).not.toThrow();
  });
});
