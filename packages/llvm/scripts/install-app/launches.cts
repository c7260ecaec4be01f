// Kernels in a module tsc compiles to CommonJS (the kernel reads `core_1.gpu`, calls
// `(0, core_1.f32)(...)`), launched synchronously and asynchronously: `launchNativeAsync` and a
// compiled kernel's `launchAsync` leave the event loop free (a timer ticks while a long launch
// runs), and a bad launch rejects the promise rather than throwing.
import { compileNative, f32, gpu, i32, LaunchError, launchNative, launchNativeAsync } from '@gpuc/core';

function saxpy(a: number, x: Float32Array, y: Float32Array, n: number): void {
  const i = gpu.globalIdx.x;
  if (i < n) y[i] = f32(a * (x[i] as number) + (y[i] as number));
}

/** Long enough per thread that a launch outlasts a few timer ticks. */
function spin(out: Float64Array, rounds: number): void {
  const i = gpu.globalIdx.x;
  let s = 0;
  for (let k = 0; k < rounds; k++) s += Math.sin(s + k);
  out[i] = s;
}

function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(`install check (tsc, CommonJS): ${what}`);
  console.log(`tsc CommonJS: ${what}`);
}

async function main(): Promise<void> {
  const n = 4096;
  const x = new Float32Array(n).fill(1);
  const y = new Float32Array(n).fill(2);
  launchNative(saxpy, { grid: n / 256, block: 256 }, f32(3), x, y, i32(n));
  check(
    y.every((v) => v === 5),
    'launchNative of a kernel compiled by tsc',
  );

  await launchNativeAsync(saxpy, { size: n }, f32(3), x, y, i32(n));
  check(
    y.every((v) => v === 8),
    'launchNativeAsync',
  );

  const out = new Float64Array(256);
  let ticks = 0;
  const timer = setInterval(() => ticks++, 1);
  const started = Date.now();
  // Grows until a launch takes long enough to see the event loop run beside it.
  for (let rounds = 1 << 16; Date.now() - started < 5000; rounds *= 4) {
    ticks = 0;
    const t = Date.now();
    await compileNative(spin, ['f64[]', 'i32']).launchAsync(1, 256, [out, i32(rounds)]);
    if (Date.now() - t >= 50) break;
  }
  clearInterval(timer);
  check(ticks > 2, `a timer ticked ${ticks} times during a compiled kernel's launchAsync`);

  // A string where an array goes (the launch's types refuse it at compile time: cast past them).
  const notAnArray = 'y' as unknown as Float32Array;
  const refused = await launchNativeAsync(saxpy, { size: n }, f32(3), x, notAnArray, i32(n)).then(
    () => undefined,
    (error: unknown) => error,
  );
  check(
    refused instanceof LaunchError && refused.code === 'bad-argument',
    'a bad argument rejects launchNativeAsync with a LaunchError',
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
