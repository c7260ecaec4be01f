// A precompiled kernel in an install without the compiler: @gpuc/core and @gpuc/backend-cuda
// packed with @gpuc/llvm, installed into a scratch project with optional dependencies (the LLVM
// binary's platform package) left out,
// and a bundle written by `gpuc build` loaded there through `@gpuc/backend-cuda/driver`. Without
// a GPU the driver says so; with one the kernel runs.
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { buildBundle } from '@gpuc/core/tools';
import { afterAll, describe, expect, it } from 'vitest';
import { cudaCompiler, hasCudaDevice } from '../src/index.js';

const run = promisify(execFile);
const packages = join(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'gpuc-install-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a precompiled kernel', () => {
  it('runs from an install without the compiler', async () => {
    const kernel = join(dir, 'saxpy.js');
    writeFileSync(
      kernel,
      'function saxpy(a, x, y, n) {\n  const i = gpu.globalIdx.x;\n  if (i < n) y[i] = a * x[i] + y[i];\n}\n',
    );
    const bundle = buildBundle(cudaCompiler(), kernel, {
      target: 'cuda',
      types: ['f32', 'f32[]', 'f32[]', 'i32'],
    });
    writeFileSync(join(dir, 'saxpy.json'), JSON.stringify(bundle));
    for (const name of ['llvm', 'core', 'backend-cuda'])
      await run('pnpm', ['pack', '--pack-destination', dir], { cwd: join(packages, name) });
    const tarballs = readdirSync(dir).filter((f) => f.endsWith('.tgz'));
    expect(tarballs.sort()).toEqual([
      'gpuc-backend-cuda-0.1.0.tgz',
      'gpuc-core-0.1.0.tgz',
      'gpuc-llvm-0.1.0.tgz',
    ]);
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
    await run(
      'npm',
      [
        'install',
        '--omit=optional',
        '--ignore-scripts',
        '--no-audit',
        '--no-fund',
        ...tarballs.map((t) => `./${t}`),
      ],
      { cwd: dir },
    );
    expect(existsSync(join(dir, 'node_modules', '@gpuc', 'llvm-linux-x64-gnu'))).toBe(false);
    copyFileSync(join(import.meta.dirname, 'fixtures', 'bundle-app.mjs'), join(dir, 'app.mjs'));
    const { stdout } = await run(process.execPath, ['app.mjs'], { cwd: dir });
    if (hasCudaDevice()) expect(stdout).toContain('ran: 5 5');
    else expect(stdout).toMatch(/^no GPU: gpuc: the CUDA driver \(libcuda\.so\.1\) could not be loaded/m);
  }, 300_000);
});
