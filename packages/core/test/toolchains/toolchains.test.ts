// Kernels compiled by the toolchains Node developers use: each test builds a small project with
// the real tool (TypeScript, esbuild, tsx, Babel, Rollup, webpack; Vite through this very file, which
// vitest transforms), runs it with Node, and checks the kernel's results. The project reaches
// @gpuc/core through a link to the package, so it runs the package's build (dist/).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { CompileError, f32, gpu, launchNative } from '../../src/index.js';
import { square } from './square.js';

const require = createRequire(import.meta.url);
const core = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const repoModules = resolve(core, '../../node_modules');
const EXPECTED = [1.5, 4.5, 9.5, 16.5];

const HELPERS = 'export function square(x: number): number {\n  return x * x;\n}\n';
const KERNEL = `import { f32, gpu, launchNative } from '@gpuc/core';
import { square } from './helpers.js';

function shifted(a: Float32Array, out: Float32Array) {
  const i = gpu.globalIdx.x;
  out[i] = f32(square(a[i]) + 0.5);
}

const a = Float32Array.from([1, 2, 3, 4]);
const out = new Float32Array(4);
launchNative(shifted, { grid: 1, block: 4, scope: { square } }, a, out);
console.log(JSON.stringify(Array.from(out)));
`;

const projects: string[] = [];

/** A project folder with the sources, @gpuc/core linked in, and a package.json of `type`. */
function project(type: 'module' | 'commonjs'): string {
  const dir = mkdtempSync(join(tmpdir(), 'gpuc-toolchain-'));
  projects.push(dir);
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'src/helpers.ts'), HELPERS);
  writeFileSync(join(dir, 'src/kernel.ts'), KERNEL);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ type }));
  mkdirSync(join(dir, 'node_modules/@gpuc'), { recursive: true });
  symlinkSync(core, join(dir, 'node_modules/@gpuc/core'));
  return dir;
}

/** Runs a command in `dir`; its output must be the kernel's results. */
function runs(dir: string, command: string, args: string[]): void {
  const result = spawnSync(command, args, {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, GPUC_CACHE: 'off' },
  });
  expect(result.stderr).not.toMatch(/Error/);
  expect(JSON.parse(result.stdout.trim().split('\n').at(-1) ?? 'null')).toEqual(EXPECTED);
}

function tool(command: string, args: string[], dir: string): void {
  const result = spawnSync(command, args, { cwd: dir, encoding: 'utf8' });
  expect(result.status, `${command} ${args.join(' ')}: ${result.stdout}${result.stderr}`).toBe(0);
}

const tsc = (dir: string, module: string) =>
  tool(
    process.execPath,
    [
      require.resolve('typescript/bin/tsc'),
      '--module',
      module,
      '--moduleResolution',
      module === 'commonjs' ? 'node10' : 'nodenext',
      '--target',
      'es2022',
      '--noCheck',
      '--outDir',
      'out',
      'src/kernel.ts',
      'src/helpers.ts',
    ],
    dir,
  );

/** Bundles the project's tsc output with webpack's Node API into `bundle.cjs`, @gpuc/core external. */
async function webpackBundle(dir: string, mode: 'development' | 'production'): Promise<void> {
  const { default: webpack } = await import('webpack');
  const stats = await new Promise<import('webpack').Stats | undefined>((done, fail) =>
    webpack(
      {
        mode,
        target: 'node',
        context: dir,
        entry: './out/kernel.js',
        output: { path: dir, filename: 'bundle.cjs' },
        externals: { '@gpuc/core': 'commonjs @gpuc/core' },
      },
      (error, result) => (error ? fail(error) : done(result)),
    ),
  );
  expect(stats?.hasErrors(), stats?.toString('errors-only')).toBe(false);
}

afterAll(() => {
  for (const dir of projects) rmSync(dir, { recursive: true, force: true });
});

describe('kernels compiled by toolchains', () => {
  it("TypeScript's CommonJS output (core_1.gpu, (0, core_1.f32)(x), helpers_1.square)", () => {
    const dir = project('commonjs');
    tsc(dir, 'commonjs');
    runs(dir, process.execPath, ['out/kernel.js']);
  });

  it("TypeScript's ES module output", () => {
    const dir = project('module');
    tsc(dir, 'nodenext');
    runs(dir, process.execPath, ['out/kernel.js']);
  });

  it('esbuild to CommonJS on disk (import_core.gpu)', async () => {
    const dir = project('commonjs');
    const esbuild = await import('esbuild');
    await esbuild.build({
      entryPoints: [join(dir, 'src/kernel.ts'), join(dir, 'src/helpers.ts')],
      outdir: join(dir, 'out'),
      format: 'cjs',
      platform: 'node',
    });
    runs(dir, process.execPath, ['out/kernel.js']);
  });

  it('tsx in a CommonJS project: esbuild in memory, the file on disk is the source', () => {
    const dir = project('commonjs');
    symlinkSync(join(repoModules, 'tsx'), join(dir, 'node_modules/tsx'));
    runs(dir, process.execPath, ['--import', 'tsx', 'src/kernel.ts']);
  });

  it("Babel's CommonJS output (_core.gpu, (0, _helpers.square)(x))", async () => {
    const dir = project('commonjs');
    const babel = await import('@babel/core');
    mkdirSync(join(dir, 'out'));
    for (const name of ['kernel', 'helpers']) {
      const result = await babel.transformFileAsync(join(dir, `src/${name}.ts`), {
        babelrc: false,
        configFile: false,
        presets: [require.resolve('@babel/preset-typescript')],
        plugins: [require.resolve('@babel/plugin-transform-modules-commonjs')],
      });
      writeFileSync(join(dir, `out/${name}.js`), result?.code ?? '');
    }
    runs(dir, process.execPath, ['out/kernel.js']);
  });

  it('a Rollup bundle in CommonJS (core.gpu, the helper bundled in)', async () => {
    const dir = project('module');
    tsc(dir, 'nodenext');
    const { rollup } = await import('rollup');
    const bundle = await rollup({ input: join(dir, 'out/kernel.js'), external: ['@gpuc/core'] });
    await bundle.write({ file: join(dir, 'bundle.cjs'), format: 'cjs' });
    runs(dir, process.execPath, ['bundle.cjs']);
  });

  it('a webpack bundle in development mode (_gpuc_core__WEBPACK_IMPORTED_MODULE_0__.gpu)', async () => {
    const dir = project('module');
    tsc(dir, 'nodenext');
    await webpackBundle(dir, 'development');
    expect(readFileSync(join(dir, 'bundle.cjs'), 'utf8')).toMatch(
      /_gpuc_core__WEBPACK_IMPORTED_MODULE_\d+__\.gpu\.globalIdx/,
    );
    runs(dir, process.execPath, ['bundle.cjs']);
  });

  it('a minified webpack bundle in production mode (scope: { square: o }, the kernel calls o)', async () => {
    const dir = project('module');
    tsc(dir, 'nodenext');
    await webpackBundle(dir, 'production');
    expect(readFileSync(join(dir, 'bundle.cjs'), 'utf8')).toMatch(/scope:\{square:(?!square\b)[\w$]+\}/);
    runs(dir, process.execPath, ['bundle.cjs']);
  });

  it('a namespace import in an ES module Node runs as it is (import * as core)', () => {
    const dir = project('module');
    writeFileSync(join(dir, 'src/helpers.js'), 'export function square(x) {\n  return x * x;\n}\n');
    writeFileSync(
      join(dir, 'src/kernel.js'),
      KERNEL.replace(
        "import { f32, gpu, launchNative } from '@gpuc/core';",
        "import * as core from '@gpuc/core';",
      )
        .replace("import { square } from './helpers.js';", "import * as helpers from './helpers.js';")
        .replace(/: Float32Array/g, '')
        .replace('gpu.globalIdx', 'core.gpu.globalIdx')
        .replace('f32(square(', 'core.f32(helpers.square(')
        .replace('launchNative(', 'core.launchNative(')
        .replace('scope: { square }', 'scope: { square: helpers.square }'),
    );
    runs(dir, process.execPath, ['src/kernel.js']);
  });

  it('values made by the ES module build launch through the CommonJS build (one process, two copies)', () => {
    const dir = project('module');
    writeFileSync(
      join(dir, 'src/dual.js'),
      `import { createRequire } from 'node:module';
import { f32, gpu } from '@gpuc/core';
const { launchNative } = createRequire(import.meta.url)('@gpuc/core');
function scaled(a, s, out) {
  out[gpu.globalIdx.x] = a[gpu.globalIdx.x] * s + 0.5;
}
const out = new Float32Array(4);
launchNative(scaled, { grid: 1, block: 4 }, Float32Array.from([1, 4, 9, 16]), f32(1), out);
console.log(JSON.stringify(Array.from(out)));
`,
    );
    runs(dir, process.execPath, ['src/dual.js']);
  });

  it("Vite's SSR transform, as vitest runs this file (__vite_ssr_import_0__.gpu)", () => {
    function shifted(a: Float32Array, out: Float32Array) {
      const i = gpu.globalIdx.x;
      out[i] = Number(f32(square(a[i] as number) + 0.5));
    }
    expect(String(shifted)).toMatch(/__vite_ssr_import_\d+__\.gpu/);
    const out = new Float32Array(4);
    launchNative(shifted, { grid: 1, block: 4, scope: { square } }, Float32Array.from([1, 2, 3, 4]), out);
    expect(Array.from(out)).toEqual(EXPECTED);
  });

  it('a namespace gpuc cannot see is an unknown-name error that names the toolchain', () => {
    const text = 'function k(a) {\n  a[0] = _core.f32(1);\n}';
    const run = () => launchNative({ text, file: 'bundle.js' }, { grid: 1, block: 1 }, new Float32Array(1));
    expect(run).toThrow(CompileError);
    expect(run).toThrow(
      /bundle\.js:2:10: '_core' looks like Babel or SWC's name for an imported module.*\[unknown-name\]/s,
    );
  });
});
