// The disk cache stays under its size limit, evicting the least recently used entries; `gpuc
// cache` shows and clears it.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { DiskCache } from '../../src/index.js';

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
    const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
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
