// The runtime entry (`@gpuc/backend-cuda/driver`) as a bundle-only program meets it: what
// importing it loads (the host runtime, nothing of the compiler), and the driver's start it
// begins on worker threads at import (start.ts: cuInit, then the default device's primary
// context), against driver-stub.c built here with cc (a cuInit and context retains serialised
// like the driver's, slow with -DINIT_US and -DRETAIN_US) or with no driver at all.
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
    // Exiting at once, cuInit's callback never runs: no context is retained.
    const log = join(dir, 'init-log-exit');
    runFresh(`await import('@gpuc/backend-cuda/driver'); process.exit(0);`, {
      GPUC_LIBCUDA: library,
      STUB_INIT_LOG: log,
    });
    expect(readFileSync(log, 'utf8')).toBe('cuInit\ninit\nteardown\n');
  }, 60_000);
});

// What the tests of the started context run first: the stub's record of its contexts, and a wait.
const CONTEXTS = `
  const { koffi } = await import('@gpuc/core/host');
  const stubContexts = koffi().load(process.env.GPUC_LIBCUDA).func('void stubContexts(int64_t *out)');
  const contexts = () => {
    const out = new BigInt64Array(4);
    stubContexts(out);
    const [device0, device1, thread, current] = [...out].map(Number);
    return { device0, device1, worker: thread !== 0 && thread !== process.pid, current };
  };
  // The worker may not have been scheduled yet on a loaded machine: wait for it, up to 10 s.
  const until = async (done) => {
    for (let i = 0; i < 1000 && !done(); i++) await new Promise((r) => setTimeout(r, 10));
  };`;

/** The lines of a stub's log that record retains and releases of contexts. */
const contextLines = (log: string) =>
  readFileSync(log, 'utf8')
    .split('\n')
    .filter((line) => /^(retain|retained|release) /.test(line));

describe.skipIf(!hasCc)("the default device's primary context, retained at import", () => {
  it('is retained on a worker thread after cuInit, and the first CudaDevice.get() takes it', () => {
    const library = stub('libcuda-context.so');
    const log = join(dir, 'context-log');
    const seen = lastLine(
      runFresh(
        `${CONTEXTS}
         const { CudaDevice } = await import('./src/driver/entry.ts');
         await until(() => contexts().device0 === 1);
         CudaDevice.get().use();
         console.log(JSON.stringify(contexts()));`,
        { GPUC_LIBCUDA: library, STUB_INIT_LOG: log },
      ),
    );
    expect(seen).toEqual({ device0: 1, device1: 0, worker: true, current: 0 });
    expect(contextLines(log)).toEqual(['retain 0', 'retained 0']);
  }, 60_000);

  it('has a device asked for while the retain runs wait for it, one reference kept', () => {
    const library = stub('libcuda-slow-context.so', ['-DRETAIN_US=300000']);
    const log = join(dir, 'slow-context-log');
    const seen = lastLine(
      runFresh(
        `${CONTEXTS}
         const { CudaDevice } = await import('./src/driver/entry.ts');
         await until(() => contexts().worker);
         CudaDevice.get().use();
         const both = contexts().device0;
         await until(() => contexts().device0 === 1);
         console.log(JSON.stringify({ both, ...contexts() }));`,
        { GPUC_LIBCUDA: library, STUB_INIT_LOG: log },
      ),
    );
    expect(seen).toEqual({ both: 2, device0: 1, device1: 0, worker: true, current: 0 });
    expect(contextLines(log)).toEqual(['retain 0', 'retained 0', 'retain 0', 'retained 0', 'release 0']);
  }, 60_000);

  it("is released when another device is asked for first, and is GPUC_CUDA_DEVICE's device", () => {
    const library = stub('libcuda-two.so', ['-DDEVICES=2']);
    const script = (ordinal: string) => `${CONTEXTS}
      const { CudaDevice } = await import('./src/driver/entry.ts');
      await until(() => contexts().device0 + contexts().device1 === 1);
      CudaDevice.get(${ordinal}).use();
      await until(() => contexts().device0 + contexts().device1 === 1);
      console.log(JSON.stringify(contexts()));`;
    const other = lastLine(runFresh(script('1'), { GPUC_LIBCUDA: library }));
    expect(other).toEqual({ device0: 0, device1: 1, worker: true, current: 1 });
    const log = join(dir, 'device-1-log');
    const chosen = lastLine(
      runFresh(script(''), { GPUC_LIBCUDA: library, GPUC_CUDA_DEVICE: '1', STUB_INIT_LOG: log }),
    );
    expect(chosen).toEqual({ device0: 0, device1: 1, worker: true, current: 1 });
    expect(contextLines(log)).toEqual(['retain 1', 'retained 1']);
  }, 60_000);

  it('leaves the context to the device where the driver lacks a function, cuInit still started', () => {
    const library = stub('libcuda-no-release.so', ['-DNO_RELEASE', '-DINIT_US=100000']);
    const seen = lastLine(
      runFresh(
        `${CONTEXTS}
         const { CudaDevice } = await import('./src/driver/entry.ts');
         const initThread = koffi().load(process.env.GPUC_LIBCUDA).func('long stubInitThread(void)');
         await until(() => Number(initThread()) !== 0);
         const init = Number(initThread());
         CudaDevice.get().use();
         console.log(JSON.stringify({ initWorker: init !== 0 && init !== process.pid, ...contexts() }));`,
        { GPUC_LIBCUDA: library },
      ),
    );
    expect(seen).toEqual({ initWorker: true, device0: 1, device1: 0, worker: false, current: 0 });
  }, 60_000);

  it('lets a process exit while the retain runs, or at once, and waits for it', () => {
    const library = stub('libcuda-slow-context.so', ['-DRETAIN_US=300000']);
    for (const exit of ['process.exit(0);', '']) {
      const log = join(dir, `context-exit-log${exit ? '-exit' : ''}`);
      runFresh(
        `${CONTEXTS}
         await import('./src/driver/entry.ts');
         ${exit ? 'await until(() => contexts().worker);' : ''} ${exit}`,
        { GPUC_LIBCUDA: library, STUB_INIT_LOG: log },
      );
      expect(readFileSync(log, 'utf8')).toBe('cuInit\ninit\nretain 0\nretained 0\nteardown\n');
    }
  }, 60_000);

  it("leaves a failed cuInit or retain to the device's own calls, which report them", () => {
    const script = `
      process.on('unhandledRejection', () => console.log('unhandled rejection'));
      const { CudaDevice, CudaError } = await import('./src/driver/entry.ts');
      await new Promise((r) => setTimeout(r, 100));
      let failure;
      try { CudaDevice.get(); } catch (error) { failure = error instanceof CudaError && [error.call, error.code]; }
      console.log(JSON.stringify(failure));`;
    for (const [flag, call, code] of [
      ['-DINIT_FAIL=100', 'cuInit', 100],
      ['-DRETAIN_FAIL=2', 'cuDevicePrimaryCtxRetain', 2],
    ] as const) {
      const log = join(dir, `fail-log${code}`);
      const library = stub(`libcuda-fail-${code}.so`, [flag]);
      expect(lastLine(runFresh(script, { GPUC_LIBCUDA: library, STUB_INIT_LOG: log }))).toEqual([call, code]);
      // cuInit's failure stops the start; the retain's is tried again by the device.
      expect(contextLines(log)).toEqual(code === 100 ? [] : ['retain 0', 'retain 0']);
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
