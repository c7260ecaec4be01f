import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { byReference, type Job } from '../../src/entry/compiler.js';
import {
  cacheDirectory,
  compileJob,
  createCompiler,
  createJob,
  DiskCache,
  defaultCompiler,
  f32,
  f64,
  i16,
  i32,
  type KernelType,
  launchNative,
  parseType,
  sourceFromText,
  u32,
} from '../../src/index.js';
import { createContext, parseModule } from '../../src/llvm/index.js';

const run = promisify(execFile);
const directories: string[] = [];
const scratch = () => {
  const dir = mkdtempSync(join(tmpdir(), 'gpuc-cache-'));
  directories.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of directories) rmSync(dir, { recursive: true, force: true });
});

const compiler = defaultCompiler();
let unique = 0;

function job(body = 'x[i] = x[i] * 3;', scope: Record<string, unknown> = {}): Job {
  return createJob(
    sourceFromText(`function cached(x) { const i = gpu.globalIdx.x; ${body} }`, `cache-${unique++}.js`),
    [parseType('f32[]') as KernelType],
    compiler.target('native'),
    { scope },
  );
}

/** The compiled kernels in a cache folder (runtime libraries, `rt-*`, apart). */
const entries = (dir: string, prefix = '') =>
  readdirSync(dir, { recursive: true })
    .map((f) => basename(String(f)))
    .filter((f) => f.endsWith('.bin') && f.startsWith('rt-') === (prefix === 'rt-'));

describe('the disk cache', () => {
  it('keeps the runtime library, which a new compiler reads instead of building it', () => {
    const dir = scratch();
    const cache = new DiskCache(dir);
    const throwing = job("if (i > 100) throw new Error('too far');");
    compileJob(createCompiler(), throwing, { kind: 'ir', cache });
    const [stored] = entries(dir, 'rt-');
    expect(stored).toBeDefined();
    const key = (stored as string).replace(/\.bin$/, '');
    // Plant a runtime whose report function is recognisable: the next compiler must link it.
    const planted = parseModule(
      createContext(),
      `@gpuc.message = external global i8*
@planted = private constant [8 x i8] c"planted\\00"
define void @gpu_report_exception(i8* %m) {
  store i8* getelementptr ([8 x i8], [8 x i8]* @planted, i64 0, i64 0), i8** @gpuc.message
  ret void
}`,
      'planted',
    );
    cache.write(key, {
      entry: '',
      kind: 'runtime',
      bitcode: Buffer.alloc(0),
      moduleId: '',
      output: planted.toBitcode(),
    });
    planted.dispose();
    const fresh = compileJob(createCompiler(), job("if (i > 100) throw new Error('too far');"), {
      kind: 'ir',
      cache,
    });
    expect(fresh.ir).toContain('c"planted\\00"');
  });

  it('never stores a result bound to this process, and serves it from memory', () => {
    const dir = scratch();
    const shared = byReference(new Float32Array(64));
    const bound = job('shared[i] = x[i];', { shared });
    const first = compileJob(compiler, bound, { kind: 'object', cache: new DiskCache(dir) });
    expect([...first.relocations.values()]).toEqual([{ name: 'shared', portable: false }]);
    expect(entries(dir)).toHaveLength(0);
    const again = compileJob(compiler, bound, { kind: 'object', cache: new DiskCache(dir) });
    expect(again.timings.codegen).toBeUndefined();
    expect(again.output).toEqual(first.output);
    expect(entries(dir)).toHaveLength(0);
    // The same kernel reading a copied-in array is portable: stored.
    const copied = compileJob(compiler, job('x[i] = table[i];', { table: new Float32Array(64) }), {
      kind: 'object',
      cache: new DiskCache(dir),
    });
    expect([...copied.relocations.values()]).toEqual([{ name: 'table', portable: true }]);
    expect(entries(dir)).toHaveLength(1);
  });

  it('serves a second compile of the same job from disk, with the same output', () => {
    const dir = scratch();
    const first = job();
    const compiled = compileJob(compiler, first, { kind: 'object', cache: new DiskCache(dir) });
    expect(entries(dir)).toHaveLength(1);
    expect(compiled.timings.codegen).toBeGreaterThan(0);
    // A new process would have only the disk: a fresh cache object and a fresh source object.
    const again = compileJob(compiler, first, { kind: 'object', cache: new DiskCache(dir), memory: false });
    expect(again.timings.codegen).toBeUndefined();
    expect(again.output).toEqual(compiled.output);
    expect(again.entry).toBe(compiled.entry);
    // Nor is the kernel inferred again: the same back-end overlays give the same method stack.
    expect(again.specialization).toBe(compiled.specialization);
  });

  it('keeps the final IR as bitcode, printed only when read, the same from disk', () => {
    const dir = scratch();
    const first = job('x[i] = x[i] + 2;');
    const compiled = compileJob(compiler, first, { kind: 'object', cache: new DiskCache(dir) });
    // Not printed yet: the property is a getter over the bitcode.
    expect(Object.getOwnPropertyDescriptor(compiled, 'ir')?.get).toBeDefined();
    expect(compiled.bitcode.subarray(0, 4).toString('latin1')).toBe('BC\xc0\xde');
    expect(compiled.ir).toMatch(/^; ModuleID = 'kernel'\n/);
    expect(compiled.ir).toMatch(/define [^\n]*@cached\(/);
    const again = compileJob(compiler, first, { kind: 'object', cache: new DiskCache(dir), memory: false });
    expect(again.timings.codegen).toBeUndefined();
    expect(again.ir).toBe(compiled.ir);
    // The disk entry holds the bitcode, not the much longer text.
    const [file] = entries(dir);
    const stored = readFileSync(join(dir, String(file).slice(0, 2), String(file)));
    expect(stored.length).toBeLessThan(compiled.ir.length);
  });

  it('keys on everything that changes the output', () => {
    const dir = scratch();
    const cache = new DiskCache(dir);
    const base = job('x[i] = x[i] * 5;');
    compileJob(compiler, base, { kind: 'object', cache });
    compileJob(compiler, { ...base, config: { ...base.config, optLevel: 1 } }, { kind: 'object', cache });
    compileJob(compiler, { ...base, scope: { k: 1 } }, { kind: 'object', cache });
    compileJob(compiler, base, { kind: 'assembly', cache });
    expect(entries(dir)).toHaveLength(4);
  });

  it('ignores and rebuilds truncated and corrupt entries', () => {
    const dir = scratch();
    const first = job('x[i] = x[i] - 1;');
    const good = compileJob(compiler, first, { kind: 'object', cache: new DiskCache(dir) });
    const [file] = entries(dir);
    const key = String(file).replace(/\.bin$/, '');
    const path = join(dir, key.slice(0, 2), String(file));
    const damages = [
      (p: string) => truncateSync(p, 40),
      (p: string) =>
        writeFileSync(
          p,
          readFileSync(p).map((b, i) => (i > 300 ? b ^ 1 : b)),
        ),
    ];
    for (const damage of damages) {
      damage(path);
      expect(new DiskCache(dir).read(key)).toBeUndefined();
      const rebuilt = compileJob(compiler, first, {
        kind: 'object',
        cache: new DiskCache(dir),
        memory: false,
      });
      expect(rebuilt.timings.codegen).toBeGreaterThan(0);
      expect(rebuilt.output).toEqual(good.output);
      expect(new DiskCache(dir).read(key)?.output).toEqual(good.output);
    }
  });

  it('never shows a torn entry to several processes compiling at once', async () => {
    const dir = scratch();
    const child = join(import.meta.dirname, 'fixtures', 'cache-child.ts');
    const runs = await Promise.all(
      Array.from({ length: 4 }, () =>
        run(process.execPath, ['--import', 'tsx', child, dir, '3'], { cwd: import.meta.dirname }),
      ),
    );
    const hashes = runs.flatMap((r) => r.stdout.trim().split('\n'));
    expect(hashes).toHaveLength(12);
    expect(new Set(hashes).size).toBe(1);
    expect(entries(dir)).toHaveLength(1);
    expect(readdirSync(dir, { recursive: true }).filter((f) => String(f).endsWith('.tmp'))).toEqual([]);
  }, 60_000);

  it('degrades to no cache, warning once, where its folder is a file or /dev/null', async () => {
    const file = join(scratch(), 'not-a-folder');
    writeFileSync(file, 'a file');
    const warnings: string[] = [];
    const listen = (warning: Error) => warnings.push(warning.message);
    process.on('warning', listen);
    try {
      for (const place of [file, '/dev/null']) {
        const cache = new DiskCache(place);
        const before = warnings.length;
        const first = compileJob(createCompiler(), job("if (i > 9) throw new Error('far');"), {
          kind: 'object',
          cache,
        });
        const second = compileJob(compiler, job('x[i] = x[i] + 7;'), {
          kind: 'object',
          cache,
          memory: false,
        });
        expect(first.output.length).toBeGreaterThan(0);
        expect(second.timings.codegen).toBeGreaterThan(0);
        // Warnings are emitted on the next tick.
        await new Promise((done) => setImmediate(done));
        expect(warnings.slice(before)).toEqual([
          expect.stringMatching(new RegExp(`^gpuc: the disk cache at ${place} cannot be written \\(ENOTDIR`)),
        ]);
      }
      expect(readFileSync(file, 'utf8')).toBe('a file');
    } finally {
      process.off('warning', listen);
    }
  });

  it('degrades to no cache, warning once, where its folder cannot be made (under /proc)', async () => {
    // Node 20's recursive mkdir never returns there: the launch runs in a child it can be timed out.
    const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
    const index = pathToFileURL(join(import.meta.dirname, '..', '..', 'src', 'index.ts')).href;
    const script = `const { launchNative } = await import(${JSON.stringify(index)});
const x = new Float32Array(4);
const k = (text) => ({ text, file: 'k.js' });
launchNative(k('function k(x) { x[gpu.threadIdx.x] = gpu.threadIdx.x + 0.5; }'), { grid: 1, block: 4 }, x);
launchNative(k('function k(x) { x[gpu.threadIdx.x] *= 2; }'), { grid: 1, block: 4 }, x);
console.log(Array.from(x).join(','));`;
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', tsx, '--input-type=module', '-e', script],
      {
        env: { ...process.env, GPUC_CACHE: '', GPUC_CACHE_DIR: '/proc/gpuc-nope' },
        timeout: 60_000,
      },
    );
    expect(stdout.trim()).toBe('1,3,5,7');
    const warned = stderr.match(/gpuc: the disk cache at \/proc\/gpuc-nope cannot be written \(ENOENT\)/g);
    expect(warned).toHaveLength(1);
  }, 90_000);

  it('lives where the environment says, or nowhere', () => {
    expect(cacheDirectory({ GPUC_CACHE: 'off' })).toBeUndefined();
    expect(cacheDirectory({ GPUC_CACHE_DIR: '/tmp/elsewhere' })).toBe('/tmp/elsewhere');
    expect(cacheDirectory({ XDG_CACHE_HOME: '/var/cache/user' })).toBe('/var/cache/user/gpuc');
    expect(cacheDirectory({})).toMatch(/\.cache\/gpuc$/);
  });
});

describe('captured values in cache keys', () => {
  // One kernel text and file, so that only the captured value tells the jobs apart.
  const scaled = (scope: Record<string, unknown>, factor = 's') =>
    createJob(
      sourceFromText(
        `function scaled(x) { const i = gpu.globalIdx.x; x[i] = x[i] * ${factor}; }`,
        'scaled.js',
      ),
      [parseType('f32[]') as KernelType],
      compiler.target('native'),
      { scope },
    );
  const typed = [f32(2), f32(3), f64(2), i32(2), u32(2), i16(2), 2, 2.5, -0, 0];

  it('tell every typed scalar apart by type and value, in memory', () => {
    // Through the memory cache, one after another, each is what a compile of its own gives.
    const cached = typed.map((s) => compileJob(compiler, scaled({ s }), { kind: 'ir' }).ir);
    const fresh = typed.map((s) => compileJob(compiler, scaled({ s }), { kind: 'ir', memory: false }).ir);
    expect(cached).toEqual(fresh);
    expect(cached[0]).not.toBe(cached[1]);
    expect(cached[0]).not.toBe(cached[2]);
  });

  it('tell them apart inside records and tuples', () => {
    const ir = (s: unknown, factor: string) => compileJob(compiler, scaled({ s }, factor), { kind: 'ir' }).ir;
    expect(ir({ k: f32(2) }, 's.k')).not.toBe(ir({ k: f32(3) }, 's.k'));
    expect(ir([f32(2)], 's[0]')).not.toBe(ir([f32(3)], 's[0]'));
  });

  it('tell them apart in the loaded kernels of a launcher', () => {
    const kernel = new Function('return function times(x) { const i = gpu.globalIdx.x; x[i] = x[i] * s; }')();
    const run = (s: unknown) => {
      const x = Float32Array.from([1, 2]);
      launchNative(kernel, { grid: 1, block: 2, scope: { s } }, x);
      return Array.from(x);
    };
    expect(run(f32(2))).toEqual([2, 4]);
    expect(run(f32(3))).toEqual([3, 6]);
    expect(run(f32(2))).toEqual([2, 4]);
  });

  it('tell them apart on disk, across processes', async () => {
    const dir = scratch();
    const child = join(import.meta.dirname, 'fixtures', 'scope-child.ts');
    const compile = async (value: string) => {
      const { stdout } = await run(process.execPath, ['--import', 'tsx', child, dir, value], {
        cwd: import.meta.dirname,
      });
      return JSON.parse(stdout) as { compiled: boolean; ir: string };
    };
    const two = await compile('2');
    const three = await compile('3');
    const twoAgain = await compile('2');
    expect(two.compiled).toBe(true);
    expect(three.compiled).toBe(true);
    expect(three.ir).not.toBe(two.ir);
    expect(twoAgain).toEqual({ compiled: false, ir: two.ir });
  }, 60_000);
});
