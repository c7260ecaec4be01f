// Each launcher's loaded kernels are bounded by the `kernels` cache limit: a process that
// compiles ever new kernels keeps as many loaded as the limit allows, plus those it holds, and
// the libraries of the others are unloaded once collected (never one a kernel held, or a launch
// still running, uses).
import { readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { LoadedCache } from '../../src/compiler/cache.js';
import { cacheLimits, compileNative, setCacheLimits } from '../../src/index.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** The native kernels' libraries mapped into this process now. */
const mappedLibraries = () =>
  new Set(
    readFileSync('/proc/self/maps', 'utf8')
      .split('\n')
      .flatMap((line) => /(\/\S*gpuc-native-[^/\s]+\/kernel\.so)/.exec(line)?.[1] ?? []),
  ).size;

/** Collects the garbage until the finalizers (koffi's unloads) have run. */
async function collect(): Promise<void> {
  for (let i = 0; i < 4; i++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('loaded kernels', () => {
  it('keep at most the kernels cache limit per launcher, the least recently used dropped', () => {
    const before = cacheLimits();
    try {
      setCacheLimits({ kernels: 2 });
      const cache = new LoadedCache<{ n: number }>();
      let loads = 0;
      const get = (key: string) => cache.get(key, () => ({ n: loads++ }));
      get('a');
      get('b');
      get('a');
      get('c');
      expect([get('a').n, get('c').n, loads]).toEqual([0, 2, 3]);
      // `b` was dropped: loaded again.
      expect(get('b').n).toBe(3);
    } finally {
      setCacheLimits(before);
    }
  });

  it.skipIf(process.platform !== 'linux')(
    'unload native libraries past the limit once collected, but not one a held kernel or a running launch uses',
    async () => {
      const before = cacheLimits();
      try {
        setCacheLimits({ kernels: 3 });
        await collect();
        const start = mappedLibraries();
        const make = (n: number) => ({
          text: `function k(a) { a[gpu.globalIdx.x] += ${n}; }`,
          file: `loaded-${n}.js`,
        });
        const held = compileNative(make(1000), ['f32[]']);
        // A launch that runs until the host says so, its kernel dropped meanwhile.
        const flags = new Int32Array(2);
        const spin = {
          text: 'function spin(f) { while (gpu.atomicAdd(f, 1, 0) === 0) {} f[0] = 7; }',
          file: 'spin.js',
        };
        const running = compileNative(spin, ['i32[]']).launchAsync(1, 1, [flags]);
        for (let n = 0; n < 12; n++) compileNative(make(n), ['f32[]']);
        await collect();
        // The limit's three, the held one and the running one: not all fourteen.
        expect(mappedLibraries() - start).toBeLessThanOrEqual(5);
        Atomics.store(flags, 1, 1);
        await running;
        expect(flags[0]).toBe(7);
        const b = new Float32Array(4);
        held.launch(1, 4, [b]);
        expect(Array.from(b)).toEqual([1000, 1000, 1000, 1000]);
        await collect();
        expect(mappedLibraries() - start).toBeLessThanOrEqual(4);
      } finally {
        setCacheLimits(before);
      }
    },
    120_000,
  );
});
