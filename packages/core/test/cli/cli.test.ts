import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
// By path: the command may run in a folder that cannot see this workspace's packages.
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const cli = join(import.meta.dirname, '..', '..', 'src', 'cli', 'gpuc.ts');
const kernels = join(import.meta.dirname, 'fixtures', 'kernels.js');

type Output = { stdout: string; stderr: string; code: number };

async function gpuc(...args: string[]): Promise<Output> {
  return gpucIn(import.meta.dirname, ...args);
}

async function gpucIn(cwd: string, ...args: string[]): Promise<Output> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', tsx, cli, ...args], { cwd });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const e = error as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

describe('the gpuc command line', () => {
  const types = ['--types', 'f32,f32[],f32[],i32'];

  it('prints typed IR, including the device functions of the same file', async () => {
    const { stdout, code } = await gpuc('compile', kernels, ...types, '--emit', 'typed');
    expect(code).toBe(0);
    expect(stdout).toContain('function saxpy(%0 a: f32, %1 x: f32[], %2 y: f32[], %3 n: i32) :: void');
    expect(stdout).toContain('call scale(%0) -> scale(f32) :: f32');
    expect(stdout).toContain('function scale(%0 v: f32) :: f32');
  }, 30_000);

  it('prints LLVM IR before and after optimisation, and assembly with stage timings', async () => {
    const before = await gpuc('compile', kernels, ...types, '--emit', 'ir');
    const after = await gpuc('compile', kernels, ...types, '--emit', 'ir-opt');
    const asm = await gpuc('compile', kernels, ...types, '--emit', 'asm', '--timings');
    expect(before.stdout).toMatch(/define internal float @scale_1\(float %v\)/);
    expect(after.stdout).not.toContain('@scale_1');
    expect(asm.stdout).toMatch(/^saxpy:/m);
    expect(asm.stderr).toMatch(/^infer\s+[\d.]+ ms$/m);
    expect(asm.stderr).toMatch(/^total\s+[\d.]+ ms$/m);
  }, 30_000);

  it('compiles index checks in with --bounds-check', async () => {
    const plain = await gpuc('compile', kernels, ...types, '--emit', 'ir-opt');
    const checked = await gpuc('compile', kernels, ...types, '--emit', 'ir-opt', '--bounds-check');
    expect(plain.stdout).not.toContain('index out of range');
    expect(checked.stdout).toContain('c"index out of range\\00"');
  }, 30_000);

  it('writes an object file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gpuc-cli-'));
    try {
      const out = join(dir, 'saxpy.o');
      expect((await gpuc('compile', kernels, ...types, '--emit', 'obj', '-o', out)).code).toBe(0);
      expect(readFileSync(out).subarray(0, 4).toString('latin1')).toBe('\x7fELF');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);

  it('reports a compile error at its line in the file, with a code frame, and fails', async () => {
    const { stderr, code } = await gpuc('compile', kernels, '--kernel', 'broken', '--types', 'f32[]');
    expect(code).toBe(1);
    expect(stderr).toContain(`${kernels}:11:10: 'missing' is not defined here`);
    expect(stderr).toContain('> 11 |   x[0] = missing + 1;');
    expect((await gpuc('compile', kernels, '--kernel', 'nope', '--types', 'f32')).stderr).toMatch(
      /has no function named 'nope' \(found: saxpy, scale, broken\)/,
    );
    expect((await gpuc('compile', kernels, '--types', 'f33')).stderr).toMatch(/'f33' is not a type/);
  }, 30_000);

  it('loads third-party back-end plugins', async () => {
    const plugin = join(import.meta.dirname, 'fixtures', 'wasm-plugin.ts');
    const { stdout } = await gpuc('--plugin', plugin, 'targets');
    expect(stdout).toMatch(/^native\s+native\s+x86_64/m);
    expect(stdout).toMatch(/^wasm\s+wasm\s+wasm32-unknown-unknown\s+generic$/m);
    const wasm = await gpuc(
      '--plugin',
      plugin,
      'compile',
      kernels,
      ...types,
      '--target',
      'wasm',
      '--emit',
      'asm',
    );
    expect(wasm.code).toBe(0);
    expect(wasm.stdout).toContain('.functype\tsaxpy');
  }, 30_000);

  it('finds back-end packages installed where it runs, and their conformance back-ends', async () => {
    const app = mkdtempSync(join(tmpdir(), 'gpuc-app-'));
    try {
      const pkg = join(app, 'node_modules', '@acme', 'gpuc-wasm');
      mkdirSync(pkg, { recursive: true });
      writeFileSync(
        join(pkg, 'package.json'),
        JSON.stringify({
          name: '@acme/gpuc-wasm',
          version: '1.0.0',
          type: 'module',
          exports: { '.': './index.js' },
          gpuc: { plugin: 'WasmPlugin', conformance: 'conformance' },
        }),
      );
      const example = pathToFileURL(join(import.meta.dirname, '..', 'plugin', 'wasm-backend.ts')).href;
      writeFileSync(join(pkg, 'index.js'), `export { WasmPlugin, conformance } from '${example}';\n`);
      expect((await gpucIn(app, 'targets')).stdout).toMatch(
        /^wasm\s+wasm\s+wasm32-unknown-unknown\s+generic$/m,
      );
      expect((await gpucIn(app, '--no-installed', 'targets')).stdout).not.toContain('wasm');
      const table = await gpucIn(app, 'conformance', '--only', 'stores');
      expect(table.stdout).toMatch(/^stores +matched +matched$/m);
      // A package that declares a plugin it does not export is an error naming it.
      writeFileSync(join(pkg, 'index.js'), 'export const conformance = {};\n');
      const broken = await gpucIn(app, 'targets');
      expect(broken.code).toBe(1);
      expect(broken.stderr).toContain("@acme/gpuc-wasm's export 'WasmPlugin' is not a compiler plugin");
    } finally {
      rmSync(app, { recursive: true, force: true });
    }
  }, 60_000);

  it('passes target params to compile (a CUDA architecture)', async () => {
    const examples = join(import.meta.dirname, '..', '..', '..', '..', 'examples');
    const ptx = await gpucIn(
      examples,
      'compile',
      kernels,
      ...types,
      '--target',
      'cuda',
      '--param',
      'computeCapability=80',
    );
    expect(ptx.code).toBe(0);
    expect(ptx.stdout).toMatch(/^\.target sm_80$/m);
  }, 30_000);

  it('refuses a bad or unknown target param, and an output the target lacks, with one coded line', async () => {
    const examples = join(import.meta.dirname, '..', '..', '..', '..', 'examples');
    const compile = (...args: string[]) => gpucIn(examples, 'compile', kernels, ...types, ...args);
    for (const [args, message] of [
      [
        ['--target', 'cuda', '--param', 'bogus=1'],
        /^gpuc: target 'cuda' has no param bogus; its params are .*computeCapability.*ptxVersion/,
      ],
      // A compile option given as a param is no param.
      [
        ['--target', 'cuda', '--param', 'optLevel=9'],
        /^gpuc: target 'cuda' has no param optLevel; its params are /,
      ],
      [
        ['--target', 'cuda', '--param', 'computeCapability=abc'],
        /^gpuc: compute capability abc is not supported .*computeCapability takes 70, /,
      ],
      // LLVM printed 'not a recognized processor' twice to stderr, then failed in the target machine.
      [
        ['--target', 'rocm', '--param', 'gfx=gfx9999'],
        /^gpuc: 'gfx9999' is a processor LLVM 22 does not know; gfx takes gfx600, /,
      ],
      [
        ['--target', 'cuda', '--param', 'computeCapability=71'],
        /^gpuc: compute capability 71 is not supported/,
      ],
      // The default --emit asm: Metal has none, which read as the plugin's failure in its emit hook.
      [
        ['--target', 'metal'],
        /^gpuc: target 'metal' has no assembly \(--emit asm\); emit takes typed, ir, ir-opt, obj/,
      ],
    ] as const) {
      const { code, stdout, stderr } = await compile(...args);
      expect(code, args.join(' ')).toBe(1);
      expect(stdout).toBe('');
      expect(stderr.trim().split('\n'), args.join(' ')).toEqual([expect.stringMatching(message)]);
      expect(stderr.trim()).toMatch(/ \[bad-option\]$/);
    }
  }, 60_000);

  it('prints its version, and tables as JSON', async () => {
    const version = await gpuc('--version');
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toBe(
      JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8')).version,
    );
    const targets = JSON.parse((await gpuc('targets', '--json')).stdout);
    expect(targets).toContainEqual(expect.objectContaining({ target: 'native', backend: 'native' }));
    const devices = await gpuc('devices');
    expect(devices.stdout).toMatch(/^id\s+name\s+target\s+detail$/m);
    expect(devices.stdout).toMatch(/^native\s+.+\d+ threads$/m);
    expect(JSON.parse((await gpuc('devices', '--json')).stdout)[0]).toMatchObject({ id: 'native' });
  }, 60_000);

  it('stops quietly when the reader of its output stops early', async () => {
    const shell = `"${process.execPath}" --import "${tsx}" "${cli}" targets | head -c 1`;
    const { stdout, stderr } = await run('sh', ['-c', shell]);
    expect(stdout).toBe('t');
    expect(stderr).toBe('');
  }, 30_000);

  it('names what is wrong with a missing file, an unknown kernel of the corpus, a bundle no loader runs', async () => {
    const missing = await gpuc('compile', 'nofile.js', ...types);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim()).toBe('gpuc: no such file: nofile.js');
    // An output in a folder that does not exist names the folder, not the file as if it were read.
    const nowhere = join(tmpdir(), 'gpuc-no-such-folder', 'k.ll');
    const output = await gpuc('compile', kernels, ...types, '--emit', 'ir', '-o', nowhere);
    expect(output.code).toBe(1);
    expect(output.stderr.trim()).toBe(`gpuc: no such folder: ${join(tmpdir(), 'gpuc-no-such-folder')}`);
    const values = join(import.meta.dirname, 'fixtures', 'no-functions.js');
    expect((await gpuc('compile', values, ...types)).stderr.trim()).toBe(
      `gpuc: ${values} has no top-level function to compile`,
    );
    for (const args of [
      ['--plugin', 'no-such-gpuc-plugin', 'targets'],
      ['conformance', '--backend', './no-such.mjs'],
    ]) {
      const plugin = await gpuc(...args);
      expect(plugin.code).toBe(1);
      expect(plugin.stderr.trim()).toMatch(
        /^gpuc: cannot find the module '(no-such-gpuc-plugin|\.\/no-such\.mjs)' \(a path from here, or a package installed here\)$/,
      );
    }
    const folder = await gpuc('compile', tmpdir(), ...types);
    expect(folder.code).toBe(1);
    expect(folder.stderr.trim()).toBe(`gpuc: a folder, not a file: ${tmpdir()}`);
    const unknown = await gpuc('conformance', '--only', 'stores,nosuchkernel');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(
      /^gpuc: no conformance kernel named nosuchkernel; the corpus has .*stores/,
    );
    const dir = mkdtempSync(join(tmpdir(), 'gpuc-cli-'));
    try {
      const native = await gpuc('build', kernels, ...types, '--target', 'native', '-o', join(dir, 'b.json'));
      expect(native.code).toBe(1);
      expect(native.stderr).toMatch(/^gpuc: no loader runs a native bundle of assembly; bundles load on/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('runs the conformance corpus on native and on a third-party back-end, with a JSON report', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gpuc-cli-'));
    try {
      const json = join(dir, 'report.json');
      const backend = join(import.meta.dirname, '..', 'plugin', 'wasm-backend.ts');
      const only = ['--only', 'stores,saxpy,ternary-phis'];
      const { stdout, code } = await gpuc('conformance', '--backend', backend, ...only, '--json', json);
      // saxpy's 2-D grid is beyond the example back-end: a failure, so the command fails.
      expect(code).toBe(1);
      expect(stdout).toMatch(/^kernel +native +wasm$/m);
      expect(stdout).toMatch(/^stores +matched +matched$/m);
      expect(stdout).toMatch(/^saxpy +matched +FAILED$/m);
      expect(stdout).toContain('saxpy on wasm: the wasm example runs one-dimensional launches only');
      const report = JSON.parse(readFileSync(json, 'utf8'));
      expect(report.backends).toEqual(['native', 'wasm']);
      expect(report.results['ternary-phis']).toEqual({
        native: { status: 'matched' },
        wasm: { status: 'matched' },
      });
      const native = await gpuc('conformance', '--only', 'stores,saxpy');
      expect(native.code).toBe(0);
      expect(native.stdout).toContain('native: 2 matched, 0 compiled, 0 failed');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
