import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import koffi from 'koffi';
import { describe, expect, it } from 'vitest';
import { buildSaxpy, emit, findTool, nativeSample, nativeTarget, runTool } from '../src/index.js';
import { context, llvmTool, run } from './helpers.js';

const lld = findTool({ names: ['ld.lld-22', 'ld.lld'], dirs: ['/usr/lib/llvm-22/bin'] });

describe('the sample kernel on the native target', () => {
  it.skipIf(lld === null)(
    'links into a shared library whose saxpy matches plain JavaScript (needs ld.lld)',
    () => {
      const target = nativeTarget();
      const module = buildSaxpy(context, target, nativeSample);
      expect(module.verify()).toBeNull();
      const object = emit(module, target, 'object');
      module.dispose();
      const library = runTool(
        lld as string,
        [{ name: 'saxpy.o', data: object }],
        'saxpy.so',
        ([input], output) => ['-shared', '-z', 'defs', '-o', output, input as string],
      );
      const dir = mkdtempSync(join(tmpdir(), 'gpuc-native-'));
      try {
        const path = join(dir, 'saxpy.so');
        writeFileSync(path, library);
        expect(run(llvmTool('llvm-readelf'), ['--dyn-symbols', path])).toMatch(
          /FUNC\s+GLOBAL\s+DEFAULT\s+\d+ saxpy/,
        );
        const lib = koffi.load(path);
        const saxpy = lib.func('void saxpy(float a, float *x, _Inout_ float *y, int n, int i)');
        const n = 1000;
        const x = Float32Array.from({ length: n }, (_, i) => Math.sin(i));
        const y = Float32Array.from({ length: n }, (_, i) => i / 7);
        const expected = y.map((yi, i) => Math.fround(Math.fround(2.5 * (x[i] as number)) + yi));
        // One call per element, as a launcher does for a grid; indices past n must be ignored.
        for (let i = 0; i < n + 8; i++) saxpy(2.5, x, y, n, i);
        expect(y).toEqual(expected);
        lib.unload();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
