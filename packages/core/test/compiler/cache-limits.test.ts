// Every bounded cache is sized through one set of limits (setCacheLimits, or the environment):
// the memory level by bytes, the disk cache under its size limit (evicting the least recently
// used entries; `gpuc cache` shows and clears it), and the caches of kernels by count.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { CompileCache } from '../../src/compiler/cache.js';
import { cacheLimits, DiskCache, setCacheLimits } from '../../src/index.js';
import { kernelCache } from '../../src/support/cache-limits.js';

const run = promisify(execFile);
const directories: string[] = [];
const scratch = () => {
  const dir = mkdtempSync(join(tmpdir(), 'gpuc-cache-limits-'));
  directories.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of directories) rmSync(dir, { recursive: true, force: true });
});

const entry = (size: number) => ({
  entry: 'k',
  kind: 'object',
  bitcode: Buffer.alloc(0),
  moduleId: 'k',
  output: Buffer.alloc(size, 7),
});
const key = (n: number) => `${n.toString(16).padStart(4, '0')}${'0'.repeat(60)}`;

/** Runs `body` with some limits set, then sets back those before. */
function withLimits(limits: Parameters<typeof setCacheLimits>[0], body: () => void): void {
  const before = cacheLimits();
  try {
    setCacheLimits(limits);
    body();
  } finally {
    setCacheLimits(before);
  }
}

const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

describe('the cache limits', () => {
  it('come from the environment, a setting that is not a positive number leaving the default', async () => {
    const limits = async (env: Record<string, string>) => {
      const module = pathToFileURL(
        join(import.meta.dirname, '..', '..', 'src', 'support', 'cache-limits.ts'),
      ).href;
      const script = `import(${JSON.stringify(module)}).then((m) => console.log(JSON.stringify(m.cacheLimits())))`;
      const { stdout } = await run(process.execPath, ['--import', tsx, '-e', script], {
        env: {
          ...process.env,
          GPUC_MEMORY_CACHE_MB: '',
          GPUC_CACHE_MAX_MB: '',
          GPUC_CACHE_KERNELS: '',
          ...env,
        },
      });
      return JSON.parse(stdout);
    };
    expect(await limits({})).toEqual({ memoryMB: 256, diskMB: 1024, kernels: 256 });
    expect(
      await limits({ GPUC_MEMORY_CACHE_MB: '64', GPUC_CACHE_MAX_MB: '0.5', GPUC_CACHE_KERNELS: '7' }),
    ).toEqual({ memoryMB: 64, diskMB: 0.5, kernels: 7 });
    expect(
      await limits({ GPUC_MEMORY_CACHE_MB: 'lots', GPUC_CACHE_MAX_MB: '-1', GPUC_CACHE_KERNELS: '2.5' }),
    ).toEqual({ memoryMB: 256, diskMB: 1024, kernels: 256 });
  }, 30_000);

  it('are set by setCacheLimits, which refuses a limit that is not a positive number', () => {
    withLimits({ kernels: 9 }, () => {
      expect(cacheLimits().kernels).toBe(9);
      expect(setCacheLimits({ diskMB: 12.5 })).toMatchObject({ diskMB: 12.5, kernels: 9 });
    });
    for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY])
      expect(() => setCacheLimits({ memoryMB: bad })).toThrow(RangeError);
    expect(() => setCacheLimits({ kernels: 1.5 })).toThrow(/kernels must be a positive integer/);
    expect(() => setCacheLimits({ pipelines: 3 } as never)).toThrow(/no cache limit is called 'pipelines'/);
  });

  it('bound the memory level by bytes, from the next use', () => {
    const result = (n: number) => ({
      entry: 'k',
      ir: '',
      bitcode: Buffer.alloc(600, n),
      moduleId: 'k',
      output: '',
      relocations: new Map(),
      captures: [],
    });
    const memory = new CompileCache(undefined);
    withLimits({ memoryMB: 1000 / 2 ** 20 }, () => {
      for (let n = 0; n < 3; n++) memory.write(`limits-${n}`, 'ir', result(n));
      // 600 bytes each under 1000: only the newest is kept.
      expect([0, 1, 2].map((n) => memory.read(`limits-${n}`, 'ir') !== undefined)).toEqual([
        false,
        false,
        true,
      ]);
    });
    for (let n = 0; n < 3; n++) memory.write(`limits-${n}`, 'ir', result(n));
    expect([0, 1, 2].map((n) => memory.read(`limits-${n}`, 'ir') !== undefined)).toEqual([true, true, true]);
  });

  it('keep the disk cache under diskMB unless it was given its own limit', () => {
    withLimits({ diskMB: 0.5 }, () => {
      expect(new DiskCache(scratch()).limitBytes).toBe(2 ** 19);
      expect(new DiskCache(scratch(), 1000).limitBytes).toBe(1000);
    });
    expect(new DiskCache(scratch()).limitBytes).toBe(cacheLimits().diskMB * 2 ** 20);
  });

  it('bound each cache of kernels by count, made afresh when the limit changes', () => {
    const cache = kernelCache<number>();
    withLimits({ kernels: 2 }, () => {
      for (let n = 0; n < 5; n++) cache().set(`k${n}`, n);
      expect([...cache().keys()]).toEqual(['k4', 'k3']);
    });
    expect(cache().size).toBe(0);
    expect(cache().max).toBe(cacheLimits().kernels);
  });
});

describe('the disk cache under a size limit', () => {
  it('removes the least recently used entries past the limit, keeping those read lately', async () => {
    const dir = scratch();
    const cache = new DiskCache(dir, 100_000);
    for (let n = 0; n < 8; n++) {
      cache.write(key(n), entry(10_000));
      // Modification times must differ for the order to be known.
      await new Promise((resolve) => setTimeout(resolve, 15));
    }
    expect(cache.read(key(0))).toBeDefined(); // used again: now the most recent
    await new Promise((resolve) => setTimeout(resolve, 15));
    for (let n = 8; n < 12; n++) {
      cache.write(key(n), entry(10_000));
      await new Promise((resolve) => setTimeout(resolve, 15));
    }
    const { bytes, entries } = cache.statistics();
    expect(bytes).toBeLessThanOrEqual(100_000);
    expect(entries).toBeLessThan(12);
    expect(cache.read(key(0))).toBeDefined();
    expect(cache.read(key(1))).toBeUndefined();
    expect(cache.read(key(11))).toBeDefined();
  });

  it('holds 10,000 writes within its limit', () => {
    const dir = scratch();
    const cache = new DiskCache(dir, 2_000_000);
    for (let n = 0; n < 10_000; n++) cache.write(key(n), entry(1000));
    expect(cache.statistics().bytes).toBeLessThanOrEqual(2_000_000);
  });

  it('is shown and cleared by gpuc cache', async () => {
    const dir = scratch();
    const cache = new DiskCache(dir);
    for (let n = 0; n < 3; n++) cache.write(key(n), entry(100));
    const cli = join(import.meta.dirname, '..', '..', 'src', 'cli', 'gpuc.ts');
    const gpuc = (...args: string[]) =>
      run(process.execPath, ['--import', tsx, cli, ...args], {
        env: { ...process.env, GPUC_CACHE_DIR: dir },
      });
    const [shown] = JSON.parse((await gpuc('cache', '--json')).stdout);
    expect(shown).toMatchObject({ folder: dir, entries: '3' });
    const cleared = await gpuc('cache', 'clear');
    expect(cleared.stdout).toMatch(/^\S+\s+0\s+0\.0 MiB\s+1024\.0 MiB\s+3$/m);
    expect(readdirSync(dir, { recursive: true }).filter((f) => String(f).endsWith('.bin'))).toEqual([]);
  }, 30_000);
});
