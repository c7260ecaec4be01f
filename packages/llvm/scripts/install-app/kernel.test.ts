// A kernel written in a vitest test file: Vite's SSR transform rewrites the module's imports, so
// the kernel reads `__vite_ssr_import_0__.gpu` and calls `(0, __vite_ssr_import_0__.f32)(...)`,
// and the device function it calls, one of the file's own, comes through the launch's scope.
import { f32, gpu, i32, launchNative } from '@gpuc/core';
import { expect, test } from 'vitest';

function twice(v: number): number {
  return v + v;
}

function scale(a: number, x: Float32Array, n: number): void {
  const i = gpu.globalIdx.x;
  if (i < n) x[i] = f32(a * twice(x[i] as number));
}

test('a kernel of a vitest test file launches natively', () => {
  const n = 1000;
  const x = Float32Array.from({ length: n }, (_, i) => i);
  launchNative(scale, { grid: 4, block: 256, scope: { twice } }, f32(1.5), x, i32(n));
  expect(Array.from(x)).toEqual(Array.from({ length: n }, (_, i) => 3 * i));
});
