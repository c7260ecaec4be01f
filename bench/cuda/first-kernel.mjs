// Time to a first kernel in a new process from a precompiled bundle (`gpuc build`), in an install
// without the compiler, phase by phase: prints one JSON line of milliseconds since the process
// started (Node's time origin) at the end of each phase: main (Node's own start, to this
// script's first line), imported (the runtime's modules, koffi and libcuda loaded, cuInit and
// then the default device's context begun on worker threads), driver (cuInit done), context (the
// context taken, or retained where the background retain had not begun), module, launched; and
// Node's time origin (origin: ms since the epoch), which places the phases in the process's life
// as seen from outside. bench/cuda runs it in fresh processes beside first-kernel.c, the same
// steps in C through the driver API.
//
//   node first-kernel.mjs saxpy.json
import { readFileSync } from 'node:fs';

const at = { main: performance.now() };
const { CudaDevice, DeviceArray, hasCudaDevice, loadBundle } = await import('@gpuc/backend-cuda/driver');
at.imported = performance.now();
// Declares the driver's functions while the import's cuInit runs, then waits for it.
if (!hasCudaDevice()) throw new Error('no CUDA device');
at.driver = performance.now();
const device = CudaDevice.get();
at.context = performance.now();
const kernel = loadBundle(readFileSync(process.argv[2] ?? 'saxpy.json', 'utf8'), device);
at.module = performance.now();
const n = 1 << 16;
const x = DeviceArray.from(new Float32Array(n).fill(1), device);
const y = DeviceArray.from(new Float32Array(n).fill(2), device);
kernel.launch(n / 256, 256, [3, x, y, n]);
const result = y.read();
at.launched = performance.now();
const phases = Object.fromEntries(Object.entries(at).map(([k, v]) => [k, Number(v.toFixed(2))]));
console.log(JSON.stringify({ ...phases, origin: Number(performance.timeOrigin.toFixed(3)) }));
if (result[0] !== 5 || result[n - 1] !== 5) throw new Error(`wrong result ${result[0]}`);
