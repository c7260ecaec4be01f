// The runtime entry (`@gpuc/backend-cuda/driver`) as a bundle-only program meets it: what
// importing it loads (the host runtime, nothing of the compiler), and the driver's start it
// begins on a worker thread at import (api.ts, startDriver), against driver-stub.c built here
// with cc (a cuInit serialised like the driver's, slow with -DINIT_US) or with no driver at all.
// Each in a fresh Node process: the driver is loaded once a process.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadFirstLibrary } from '@gpuc/core/host';
import { describe, expect, it } from 'vitest';
import { buildDriverStub, fixtures, hasCc, stubFolder } from './driver-stub.js';

const root = new URL('..', import.meta.url).pathname;
const dir = stubFolder('gpuc-driver-start-');
// A machine with a driver finds it under its own name after a missing GPUC_LIBCUDA.
const hasDriver = loadFirstLibrary(['libcuda.so.1', 'libcuda.so']).library !== undefined;

/** Runs a module script in a fresh Node process (package sources, as the tests use them). */
function runFresh(script: string, env: Record<string, string>, preload: string[] = []) {
  return execFileSync(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', ...preload, '--input-type=module', '-e', script],
    { encoding: 'utf8', cwd: root, env: { ...process.env, ...env }, timeout: 60_000 },
  );
}

/** The last line a script printed, parsed. */
const lastLine = (output: string) => JSON.parse(output.trim().split('\n').at(-1) as string);

/** driver-stub.c built with these flags, named `name` in this file's folder. */
const stub = (name: string, flags: string[] = []) => buildDriverStub(join(dir, name), flags);

describe('importing the runtime entry', () => {
  it('loads the host runtime and the kernel-language types, nothing of the compiler', () => {
    const loaded = join(dir, 'loaded.txt');
    const output = runFresh(
      `import { createRequire } from 'node:module';
       await import('@gpuc/backend-cuda/driver');
       console.log(JSON.stringify(Object.keys(createRequire(import.meta.url).cache)));`,
      { GPUC_LOADED: loaded },
      ['--import', join(fixtures, 'loaded-modules.mjs')],
    );
    const modules = readFileSync(loaded, 'utf8').trim().split('\n');
    const core = modules.flatMap((url) => /\/packages\/core\/src\/(.*)$/.exec(url)?.[1] ?? []);
    expect(core).toContain('host/index.ts');
    const runtime = /^(host|support)\/|^frontend\/(types|values|half|errors)\.ts$/;
    expect(core.filter((file) => !runtime.test(file))).toEqual([]);
    const packages = [...modules, ...(lastLine(output) as string[])].filter((file) =>
      /oxc-parser|tapable|@babel|packages\/llvm|gpuc-llvm|commander/.test(file),
    );
    expect(packages).toEqual([]);
  }, 60_000);
});

describe.skipIf(!hasCc)("the driver's start at import", () => {
  it('begins, in the ES module entry, before the rest of the runtime loads', () => {
    const library = stub('libcuda-slow.so', ['-DINIT_US=300000']);
    const log = join(dir, 'entry-order.txt');
    writeFileSync(log, '');
    runFresh(
      `const driver = await import('./src/driver/entry.ts');
       console.log(JSON.stringify(driver.hasCudaDevice()));`,
      {
        GPUC_LIBCUDA: library,
        STUB_INIT_LOG: log,
        GPUC_LOADED: log,
        GPUC_LOADED_AFTER: 'driver/device\\.ts$',
      },
      ['--import', join(fixtures, 'loaded-modules.mjs')],
    );
    const lines = readFileSync(log, 'utf8').trim().split('\n');
    const at = (pattern: RegExp) => lines.findIndex((line) => pattern.test(line));
    // cuInit begun after the entry's own modules (api.ts and core's ffi), before the runtime's.
    expect(at(/host\/ffi\.ts$/)).toBeGreaterThan(-1);
    expect(at(/^cuInit$/)).toBeGreaterThan(at(/host\/ffi\.ts$/));
    expect(at(/^cuInit$/)).toBeLessThan(at(/driver\/device\.ts$/));
    expect(at(/^cuInit$/)).toBeLessThan(at(/host\/index\.ts$/));
  }, 60_000);

  it('exports from the ES module entry what index.ts does, the same objects', async () => {
    const entry = await import('../src/driver/entry.js');
    const index = await import('../src/driver/index.js');
    expect(Object.keys(entry).sort()).toEqual(Object.keys(index).sort());
    for (const [name, value] of Object.entries(entry))
      expect(value, name).toBe(index[name as keyof typeof index]);
  });

  it('runs cuInit on a worker thread, and the first driver call finds the driver ready', () => {
    const library = stub('libcuda.so.1');
    const seen = lastLine(
      runFresh(
        `const { hasCudaDevice } = await import('@gpuc/backend-cuda/driver');
         const { koffi } = await import('@gpuc/core/host');
         const initThread = koffi().load(process.env.GPUC_LIBCUDA).func('long stubInitThread(void)');
         // The worker may not have been scheduled yet on a loaded machine: wait for it.
         for (let i = 0; i < 1000 && initThread() === 0; i++) await new Promise((r) => setTimeout(r, 10));
         const thread = Number(initThread());
         console.log(JSON.stringify({ worker: thread !== 0 && thread !== process.pid, device: hasCudaDevice() }));`,
        { GPUC_LIBCUDA: library },
      ),
    );
    expect(seen).toEqual({ worker: true, device: true });
  }, 60_000);

  it('has a driver call made while cuInit still runs wait for it', () => {
    const library = stub('libcuda-slow.so', ['-DINIT_US=300000']);
    const seen = lastLine(
      runFresh(
        `const { CudaDevice, hasCudaDevice } = await import('@gpuc/backend-cuda/driver');
         console.log(JSON.stringify({ device: hasCudaDevice(), name: CudaDevice.get().name }));`,
        { GPUC_LIBCUDA: library },
      ),
    );
    expect(seen).toEqual({ device: true, name: 'fake' });
  }, 60_000);

  it('lets a process that exits meanwhile finish cuInit before the driver is torn down', () => {
    const library = stub('libcuda-slow.so', ['-DINIT_US=300000']);
    for (const exit of ['process.exit(0);', '']) {
      const log = join(dir, `init-log${exit ? '-exit' : ''}`);
      runFresh(`await import('@gpuc/backend-cuda/driver'); ${exit}`, {
        GPUC_LIBCUDA: library,
        STUB_INIT_LOG: log,
      });
      expect(readFileSync(log, 'utf8')).toBe('cuInit\ninit\nteardown\n');
    }
  }, 60_000);
});

describe.skipIf(hasDriver)('the driver start without a driver', () => {
  it('reports the same coded errors at first use as the compiler entry, with nothing unhandled', () => {
    const script = (entry: string) => `
      process.on('unhandledRejection', () => console.log('unhandled rejection'));
      const { CudaDevice, hasCudaDevice } = await import('${entry}');
      await new Promise((r) => setTimeout(r, 50));
      let message = '';
      try { CudaDevice.get(); } catch (error) { message = error.message; }
      console.log(JSON.stringify({ device: hasCudaDevice(), message }));`;
    const env = { GPUC_LIBCUDA: join(dir, 'no-such-libcuda.so') };
    const started = lastLine(runFresh(script('@gpuc/backend-cuda/driver'), env));
    const unstarted = lastLine(runFresh(script('@gpuc/backend-cuda'), env));
    expect(started.device).toBe(false);
    expect(started.message).toMatch(
      /^gpuc: the CUDA driver \(libcuda\.so\.1\) could not be loaded; is the NVIDIA driver installed\? \(.*no-such-libcuda\.so/,
    );
    expect(started).toEqual(unstarted);
  }, 60_000);
});
