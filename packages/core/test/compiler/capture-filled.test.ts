// Arrays captured from the scope on a target whose launch fills them (docs/design.md, "Captured
// host values"): new contents are written at each launch and compile nothing.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import koffi from 'koffi';
import { afterAll, describe, expect, it } from 'vitest';
import {
  compileJob,
  createJob,
  DiskCache,
  defaultDiskCache,
  sourceFromText,
  view,
} from '../../src/entry/compiler.js';
import {
  type Compiler,
  compileNative,
  createCompiler,
  type KernelType,
  LaunchError,
  launchNative,
  linkSharedLibrary,
  NativeKernel,
  parseType,
  runReference,
} from '../../src/index.js';

// A disk cache of this file's own (the default one is read at the first compile): compile counts
// and the soak's disk budget then see only what these tests compiled.
const cacheFolder = mkdtempSync(join(tmpdir(), 'gpuc-capture-cache-'));
process.env.GPUC_CACHE_DIR = cacheFolder;
afterAll(() => rmSync(cacheFolder, { recursive: true, force: true }));

/** A compiler with the default plugins and one that counts the modules generated. */
function countingCompiler(name: string): { compiler: Compiler; compiles: () => number } {
  let count = 0;
  const compiler = createCompiler().use({
    name,
    apply: (c) => {
      c.hooks.all.finishModule.tap(name, (entry) => {
        count++;
        return entry;
      });
    },
  });
  return { compiler, compiles: () => count };
}

const lookup = {
  text: 'function lookup(x) { const i = gpu.globalIdx.x; x[i] = lut[i % lut.length] * p.scale + p.w.get(i % 2, 1); }',
  file: 'lookup.js',
};

describe('arrays captured from the scope, filled at each launch', () => {
  it('compile once for any contents, and each launch reads what they hold then', () => {
    const { compiler, compiles } = countingCompiler('count-contents');
    const scope = { lut: new Float32Array(4), p: { scale: 2, w: view(new Float64Array(4), 2, 2) } };
    for (let round = 0; round < 5; round++) {
      scope.lut.set([round, round + 1, round * 3, -round]);
      scope.p.w.data[1] = round * 10;
      const native = new Float32Array(8);
      const reference = new Float32Array(8);
      compileNative(lookup, ['f32[]'], { scope, compiler }).launch(1, 8, [native]);
      runReference(lookup, { grid: 1, block: 8, scope }, [reference]);
      expect(Array.from(native), `round ${round}`).toEqual(Array.from(reference));
    }
    expect(compiles()).toBe(1);
  });

  it('are read at launch by a kernel compiled before they changed, and by a new scope of the same shape', () => {
    const { compiler, compiles } = countingCompiler('count-held');
    const scope = {
      lut: Float32Array.from([1, 2, 3, 4]),
      p: { scale: 1, w: view(new Float64Array(4), 2, 2) },
    };
    const kernel = compileNative(lookup, ['f32[]'], { scope, compiler });
    const x = new Float32Array(4);
    scope.lut.fill(7);
    kernel.launch(1, 4, [x]);
    expect(Array.from(x)).toEqual([7, 7, 7, 7]);
    const other = {
      lut: Float32Array.from([5, 6, 7, 8]),
      p: { scale: 1, w: view(new Float64Array(4), 2, 2) },
    };
    compileNative(lookup, ['f32[]'], { scope: other, compiler }).launch(1, 4, [x]);
    expect(Array.from(x)).toEqual([5, 6, 7, 8]);
    // The first kernel still reads its own scope.
    kernel.launch(1, 4, [x]);
    expect(Array.from(x)).toEqual([7, 7, 7, 7]);
    expect(compiles()).toBe(1);
  });

  it('compile again for another length, and refuse an array replaced by one of another size', () => {
    const { compiler, compiles } = countingCompiler('count-length');
    const w = view(new Float64Array(4), 2, 2);
    const scope = { lut: Float32Array.from([1, 2]), p: { scale: 1, w } };
    const kernel = compileNative(lookup, ['f32[]'], { scope, compiler });
    const x = new Float32Array(3);
    compileNative(lookup, ['f32[]'], {
      scope: { lut: Float32Array.from([1, 2, 3]), p: { scale: 1, w } },
      compiler,
    }).launch(1, 3, [x]);
    expect(Array.from(x)).toEqual([1, 2, 3]);
    expect(compiles()).toBe(2);
    scope.lut = new Float32Array(3);
    const error = (() => {
      try {
        kernel.launch(1, 3, [x]);
      } catch (thrown) {
        return thrown;
      }
    })();
    expect(error).toBeInstanceOf(LaunchError);
    expect((error as LaunchError).code).toBe('bad-launch');
    expect((error as LaunchError).message).toMatch(
      /the scope's 'lut' was compiled in as an array of 8 bytes and now has 12/,
    );
  });

  it('check an empty array at each launch too: its length is compiled in', () => {
    const kernel = { text: 'function size(x) { x[0] = none.length; }', file: 'size.js' };
    const scope = { none: new Float64Array(0) };
    const compiled = compileNative(kernel, ['f32[]'], { scope });
    const x = new Float32Array(1).fill(-1);
    compiled.launch(1, 1, [x]);
    expect(x[0]).toBe(0);
    scope.none = new Float64Array(2);
    expect(() => compiled.launch(1, 1, [x])).toThrow(
      /'none' was compiled in as an array of 0 bytes and now has 16/,
    );
  });

  it('are a snapshot for launchAsync: changing them after the call changes nothing', async () => {
    const scope = {
      lut: Float32Array.from([1, 2, 3, 4]),
      p: { scale: 1, w: view(new Float64Array(4), 2, 2) },
    };
    const kernel = compileNative(lookup, ['f32[]'], { scope });
    const first = new Float32Array(4);
    const second = new Float32Array(4);
    const one = kernel.launchAsync(1, 4, [first]);
    scope.lut.fill(9);
    const two = kernel.launchAsync(1, 4, [second]);
    scope.lut.fill(0);
    await Promise.all([one, two]);
    expect(Array.from(first)).toEqual([1, 2, 3, 4]);
    expect(Array.from(second)).toEqual([9, 9, 9, 9]);
  });

  it('are listed in the compile result, and a NativeKernel loaded without them is refused', () => {
    const compiler = createCompiler();
    const scope = { lut: new Float32Array(4), p: { scale: 1, w: view(new Float64Array(4), 2, 2) } };
    const job = createJob(
      sourceFromText(lookup.text, lookup.file),
      [parseType('f32[]') as KernelType],
      compiler.target('native'),
      { scope },
    );
    const result = compileJob(compiler, job, { kind: 'object', memory: false });
    expect(result.captures.map((c) => [c.path, c.bytes])).toEqual([
      [['lut'], 16],
      [['p', 'w'], 32],
    ]);
    // A new process has only the disk: the entry keeps the list.
    const disk = new DiskCache(mkdtempSync(join(tmpdir(), 'gpuc-capture-disk-')));
    try {
      compileJob(compiler, job, { kind: 'object', cache: disk, memory: false });
      const again = compileJob(compiler, job, { kind: 'object', cache: disk, memory: false });
      expect(again.timings.codegen).toBeUndefined();
      expect(again.captures).toEqual(result.captures);
    } finally {
      rmSync(disk.directory, { recursive: true, force: true });
    }
    const dir = mkdtempSync(join(tmpdir(), 'gpuc-capture-'));
    try {
      const path = join(dir, 'k.so');
      writeFileSync(path, linkSharedLibrary(result.output as Buffer));
      const library = koffi.load(path);
      expect(() => new NativeKernel(result.entry, job.argTypes, library)).toThrow(/captured from its scope/);
      scope.lut.fill(3);
      const x = new Float32Array(2);
      new NativeKernel(result.entry, job.argTypes, library, { captures: result.captures, scope }).launch(
        1,
        2,
        [x],
      );
      expect(Array.from(x)).toEqual([3, 3]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a soak of launches with changing captured arrays', () => {
  it('10,000 launches compile once and stay within a fixed memory and disk budget', () => {
    const { compiler, compiles } = countingCompiler('count-soak');
    const kernel = {
      text: 'function soak(x) { const i = gpu.globalIdx.x; x[i] = lut[i] + 1; }',
      file: 'soak.js',
    };
    const disk = defaultDiskCache().cache;
    expect(disk?.directory).toBe(cacheFolder);
    const x = new Float32Array(16);
    const lut = new Float32Array(16);
    const launch = (n: number) => {
      lut.fill(n);
      // A new scope object each time, as a caller building it per launch would.
      compileNative(kernel, ['f32[]'], { scope: { lut }, compiler }).launch(1, 16, [x]);
      expect(x[15]).toBe(n + 1);
    };
    for (let n = 0; n < 100; n++) launch(n);
    const before = { rss: process.memoryUsage().rss, disk: disk?.statistics() };
    for (let n = 100; n < 10_000; n++) launch(n);
    // Half through launchNative, the default compiler's path.
    for (let n = 0; n < 100; n++) {
      lut.fill(n);
      launchNative(kernel, { grid: 1, block: 16, scope: { lut } }, x);
      expect(x[0]).toBe(n + 1);
    }
    const after = { rss: process.memoryUsage().rss, disk: disk?.statistics() };
    expect(compiles()).toBe(1);
    expect(after.rss - before.rss).toBeLessThan(64 * 2 ** 20);
    // The launchNative kernel's entry and its runtime library, nothing per launch.
    expect((after.disk?.entries ?? 0) - (before.disk?.entries ?? 0)).toBeLessThanOrEqual(2);
    expect((after.disk?.bytes ?? 0) - (before.disk?.bytes ?? 0)).toBeLessThan(2 ** 20);
  }, 30_000);
});
