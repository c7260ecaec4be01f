// bench/webgpu: the same kernels through WebGPU (WGSL on Dawn; on the GPU machine, the NVIDIA
// Vulkan driver) and through the CUDA back-end, on one GPU in one run: saxpy, the strided
// reduction, the Mandelbrot set, and a warp-shuffle sum (on WebGPU through each warp route the
// device takes: workgroup memory, and WGSL subgroups where they are 32 lanes). Each side's time per launch is the median of 20 samples
// (after 3 warm-up samples) of ten launches queued back to back on arrays already on the
// device: CUDA's timed with events, WebGPU's with timestamp queries where the adapter has them
// (else from submit to the queue's completion, which adds the submit's cost). Both sides'
// results are compared with each other and, for Mandelbrot and the f32 steps, with the kernel run
// as JavaScript (the reference runner), to tell which side differs. Also the compile latency to WGSL (saxpy, warm: goal under 5 ms).
//
//   node bench-webgpu.mjs [--no-cuda] [--size <log2 elements>] [--out results.json]
import { writeFileSync } from 'node:fs';
import { Command } from 'commander';
import { mandelbrot } from '../../examples/browser/mandelbrot.mjs';
import { CudaDevice, compileCuda, DeviceArray } from '../../packages/backend-cuda/src/index.js';
import {
  compileWGSL,
  defaultGPU,
  kernelFeatures,
  kernelLimits,
  parameterWords,
  pipelineFor,
  type WarpRoute,
  type WGSLKernel,
  warpRoute,
  webgpuCompiler,
} from '../../packages/backend-webgpu/src/index.js';
import { type FunctionInput, parseType, runReference } from '../../packages/core/src/index.js';
import { STRIDED_REDUCTION } from '../reduction.js';
import { median, printTable } from '../table.js';

const options = new Command('bench-webgpu')
  .option('--no-cuda', 'WebGPU only (a machine without CUDA)')
  .option('--size <log2>', 'elements of saxpy and the reduction, as a power of 2', '24')
  .option('--out <file>', 'write the results as JSON')
  .parse()
  .opts<{ cuda: boolean; size: string; out?: string }>();

const width = 2048;
const height = 1536;

type Host = Float32Array | Int32Array;

interface Case {
  readonly name: string;
  readonly kernel: FunctionInput;
  readonly types: readonly string[];
  readonly grid: [number, number];
  readonly block: [number, number];
  /** Host arguments: typed arrays and numbers. */
  args(): (Host | number)[];
  /** The argument whose contents both sides must agree on, and how closely (relative). */
  readonly result: number;
  readonly tolerance: number;
  /** Also checked against the kernel run as JavaScript (the reference runner), element by element. */
  readonly checkReference?: boolean;
  /** The warp route on WebGPU (default: the device's, `warpRoute`). */
  readonly warps?: WarpRoute;
}

/** Each warp's sum by shuffles, written by its first lane (each step rounded, as JavaScript's would be). */
const WARP_SUM = `function warpSum(x, out, n) {
  const i = gpu.globalIdx.x + gpu.globalIdx.y * gpu.blockDim.x * gpu.gridDim.x;
  let v = i < n ? x[i] : f32(0);
  for (let o = 16; o > 0; o >>= 1) v = Math.fround(v + gpu.shuffleDown(v, o));
  if (gpu.laneId === 0 && i < n) out[i >> 5] = v;
}`;

/** reference.cu's data: offset + scale * ((i * 7919) % 1000) / 1000. */
function pattern(length: number, scale: number, offset: number): Float32Array {
  const values = new Float32Array(length);
  for (let i = 0; i < length; i++) values[i] = offset + (scale * ((i * 7919) % 1000)) / 1000;
  return values;
}

/** The cases for `n` elements of saxpy and the reduction. */
const casesFor = (n: number): readonly Case[] => [
  {
    name: 'saxpy',
    // Two-dimensional, as WebGPU runs at most 65535 blocks along an axis.
    kernel: {
      text: `function saxpy(a, x, y, n) {
  const i = gpu.globalIdx.x + gpu.globalIdx.y * gpu.blockDim.x * gpu.gridDim.x;
  if (i < n) y[i] = a * x[i] + y[i];
}`,
      file: 'saxpy.js',
    },
    types: ['f32', 'f32[]', 'f32[]', 'i32'],
    grid: [4096, Math.ceil(n / 256 / 4096)],
    block: [256, 1],
    args: () => [2.5, pattern(n, 1, 0), pattern(n, 2, 1), n],
    result: 2,
    tolerance: 0,
  },
  {
    name: 'reduction',
    kernel: { text: STRIDED_REDUCTION, file: 'reduction.js' },
    types: ['f32[]', 'f32[]', 'i32'],
    grid: [4096, 1],
    block: [256, 1],
    args: () => [pattern(n, 1, 0), new Float32Array(4096), n],
    result: 1,
    tolerance: 1e-5,
  },
  {
    name: 'mandelbrot',
    kernel: mandelbrot,
    types: ['i32[]', 'i32', 'i32', 'i32', 'f32', 'f32'],
    grid: [width / 16, height / 16],
    block: [16, 16],
    args: () => [
      new Int32Array(width * height),
      width,
      height,
      256,
      Math.fround(3.2 / width),
      Math.fround(2.4 / height),
    ],
    result: 0,
    tolerance: 0,
    checkReference: true,
  },
  {
    // Each f32 step rounded as JavaScript rounds it: a driver that fuses the product into the
    // sum (a multiply-add) gives other values for about a tenth of these inputs.
    name: 'f32 steps',
    kernel: {
      text: `function steps(a, b, c, o) {
  const i = gpu.globalIdx.x;
  o[i] = Math.fround(Math.fround(a[i] * b[i]) + c[i]);
}`,
      file: 'steps.js',
    },
    types: ['f32[]', 'f32[]', 'f32[]', 'f32[]'],
    grid: [4096, 1],
    block: [256, 1],
    args: () => [
      pattern(1 << 20, 3.3, 1.1),
      pattern(1 << 20, 7.7, 0.3),
      pattern(1 << 20, -5, 2.5),
      new Float32Array(1 << 20),
    ],
    result: 3,
    tolerance: 0,
    checkReference: true,
  },
  ...(['workgroup', undefined] as const).map(
    (warps): Case => ({
      name: `warp sum (${warps ?? 'device route'})`,
      kernel: { text: WARP_SUM, file: 'warp-sum.js' },
      types: ['f32[]', 'f32[]', 'i32'],
      grid: [4096, Math.ceil(n / 256 / 4096)],
      block: [256, 1],
      args: () => [pattern(n, 1, 0), new Float32Array(n / 32), n],
      result: 1,
      tolerance: 0,
      checkReference: true,
      ...(warps ? { warps } : {}),
    }),
  ),
];

const types = (c: Case) => c.types.map((t) => parseType(t) as NonNullable<ReturnType<typeof parseType>>);

/** A device with the adapter's limits for kernels, and timestamp queries where it has them. */
async function timingDevice(): Promise<{ device: GPUDevice; info: GPUAdapterInfo; timestamps: boolean }> {
  const gpu = await defaultGPU();
  const adapter = await gpu?.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) throw new Error('no WebGPU adapter');
  const timestamps = adapter.features.has('timestamp-query');
  const device = await adapter.requestDevice({
    requiredLimits: kernelLimits(adapter),
    requiredFeatures: [...kernelFeatures(adapter), ...(timestamps ? (['timestamp-query'] as const) : [])],
  });
  return { device, info: adapter.info, timestamps };
}

/** A case on WebGPU: its arguments in storage buffers once, then timed batches of dispatches. */
async function timeWebGPU(
  device: GPUDevice,
  timestamps: boolean,
  kernel: WGSLKernel,
  c: Case,
): Promise<{ ms: number; result: Host; raised: boolean }> {
  const args = c.args();
  const pipeline = await pipelineFor(device, kernel);
  const usage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
  const made: GPUBuffer[] = [];
  const buffer = (size: number, use: number) => {
    const b = device.createBuffer({ size: Math.max(4, size), usage: use });
    made.push(b);
    return b;
  };
  const words = parameterWords(kernel, args);
  const entries: GPUBindGroupEntry[] = [];
  const arrays = new Map<number, GPUBuffer>();
  if (kernel.words > 0) {
    const params = buffer(words.byteLength, usage);
    device.queue.writeBuffer(params, 0, words);
    entries.push({ binding: 0, resource: { buffer: params } });
  }
  kernel.parameters.forEach((slot, i) => {
    if (slot.kind !== 'array') return;
    const host = args[i] as Host;
    const b = buffer(host.byteLength, usage);
    device.queue.writeBuffer(b, 0, host);
    arrays.set(i, b);
    entries.push({ binding: slot.binding, resource: { buffer: b } });
  });
  // A kernel that may raise a device exception (the subgroup route's check) reports here.
  const status = kernel.status && buffer(16, usage);
  if (status && kernel.status) entries.push({ binding: kernel.status.binding, resource: { buffer: status } });
  const bindGroup = device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries });
  const querySet = timestamps ? device.createQuerySet({ type: 'timestamp', count: 2 }) : undefined;
  const resolved = buffer(16, GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC);
  const readTimes = buffer(16, GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST);
  const sample = async () => {
    const encoder = device.createCommandEncoder();
    const pass = encoder.beginComputePass(
      querySet ? { timestampWrites: { querySet, beginningOfPassWriteIndex: 0, endOfPassWriteIndex: 1 } } : {},
    );
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, bindGroup);
    for (let k = 0; k < 10; k++) pass.dispatchWorkgroups(c.grid[0], c.grid[1], 1);
    pass.end();
    if (querySet) {
      encoder.resolveQuerySet(querySet, 0, 2, resolved, 0);
      encoder.copyBufferToBuffer(resolved, 0, readTimes, 0, 16);
    }
    const start = performance.now();
    device.queue.submit([encoder.finish()]);
    await device.queue.onSubmittedWorkDone();
    const wall = performance.now() - start;
    if (!querySet) return wall / 10;
    await readTimes.mapAsync(GPUMapMode.READ);
    const [begin, end] = new BigUint64Array(readTimes.getMappedRange().slice(0));
    readTimes.unmap();
    return Number((end as bigint) - (begin as bigint)) / 1e6 / 10;
  };
  const times: number[] = [];
  for (let r = 0; r < 23; r++) {
    const ms = await sample();
    if (r >= 3) times.push(ms);
  }
  // The result of one launch on fresh arguments, to compare with CUDA's.
  const fresh = c.args();
  const out = arrays.get(c.result) as GPUBuffer;
  device.queue.writeBuffer(out, 0, fresh[c.result] as Host);
  for (const [i, b] of arrays) if (i !== c.result) device.queue.writeBuffer(b, 0, fresh[i] as Host);
  const encoder = device.createCommandEncoder();
  const pass = encoder.beginComputePass();
  pass.setPipeline(pipeline);
  pass.setBindGroup(0, bindGroup);
  pass.dispatchWorkgroups(c.grid[0], c.grid[1], 1);
  pass.end();
  const host = fresh[c.result] as Host;
  const staging = buffer(host.byteLength, GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST);
  encoder.copyBufferToBuffer(out, 0, staging, 0, host.byteLength);
  const raisedWord = buffer(16, GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST);
  if (status) encoder.copyBufferToBuffer(status, 0, raisedWord, 0, 16);
  device.queue.submit([encoder.finish()]);
  await Promise.all([staging.mapAsync(GPUMapMode.READ), raisedWord.mapAsync(GPUMapMode.READ)]);
  host.set(new (host.constructor as typeof Float32Array)(staging.getMappedRange().slice(0)));
  const raised = new Uint32Array(raisedWord.getMappedRange())[0] !== 0;
  staging.unmap();
  raisedWord.unmap();
  querySet?.destroy();
  for (const b of made) b.destroy();
  return { ms: median(times), result: host, raised };
}

/** A case through the CUDA back-end: arrays on the device, ten launches per sample, events. */
function timeCuda(c: Case): { ms: number; result: Host } {
  const device = CudaDevice.get();
  const stream = device.stream();
  const kernel = compileCuda(c.kernel, types(c));
  const host = c.args();
  const args = host.map((a) => (typeof a === 'number' ? a : { array: DeviceArray.from(a) }));
  const times: number[] = [];
  for (let r = 0; r < 23; r++) {
    const ms = stream.time(() => {
      for (let k = 0; k < 10; k++) kernel.launch(c.grid, c.block, args as never, { stream });
    });
    if (r >= 3) times.push(ms / 10);
  }
  kernel.synchronize(stream);
  const fresh = c.args();
  const once = fresh.map((a) => (typeof a === 'number' ? a : { array: DeviceArray.from(a) }));
  kernel.launch(c.grid, c.block, once as never);
  const result = (once[c.result] as { array: DeviceArray<Host> }).array.read();
  for (const a of [...args, ...once]) if (typeof a === 'object') a.array.free();
  return { ms: median(times), result };
}

/** How many elements differ. */
function mismatches(a: Host, b: Host): number {
  let count = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) count++;
  return count;
}

/** The case's result computed by the reference runner: the kernel run as JavaScript. */
function referenceResult(c: Case): Host {
  const args = c.args();
  // A function value runs as source text, where the runner gives it `gpu` and `f32`.
  const kernel =
    typeof c.kernel === 'function' ? { text: c.kernel.toString(), file: `${c.name}.js` } : c.kernel;
  runReference(kernel, { grid: c.grid, block: c.block }, args);
  return args[c.result] as Host;
}

/** The largest relative difference between two results (0 where they are equal). */
function difference(a: Host, b: Host): number {
  let most = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    if (x !== y) most = Math.max(most, Math.abs(x - y) / Math.max(Math.abs(x), Math.abs(y), 1e-30));
  }
  return most;
}

const { device, info, timestamps } = await timingDevice();
// As many elements as asked for, within what one storage buffer binding holds.
const n = Math.min(
  2 ** Number(options.size),
  2 ** Math.floor(Math.log2(device.limits.maxStorageBufferBindingSize / 4)),
);
const cases = casesFor(n);
console.log(
  `WebGPU adapter: ${[info.vendor, info.architecture, info.device, info.description].filter(Boolean).join(' ')} (${timestamps ? 'timestamp queries' : 'wall clock'})`,
);
const compiler = webgpuCompiler();
const rows: Record<string, number | string | boolean>[] = [];
for (const c of cases) {
  const block: [number, number, number] = [c.block[0], c.block[1], 1];
  const warps = c.warps ?? warpRoute(device, block);
  const kernel = compileWGSL(compiler, c.kernel, types(c), { block, warps });
  const web = await timeWebGPU(device, timestamps, kernel, c);
  const name = kernel.warps && !c.warps ? `${c.name.replace('device route', kernel.warps)}` : c.name;
  const row: Record<string, number | string | boolean> = { kernel: name, webgpu: web.ms };
  const cuda = options.cuda ? timeCuda(c) : undefined;
  if (cuda) {
    const diff = difference(web.result, cuda.result);
    Object.assign(row, {
      cuda: cuda.ms,
      ratio: web.ms / cuda.ms,
      difference: diff,
      agree: diff <= c.tolerance,
    });
  }
  if (c.checkReference) {
    const expected = referenceResult(c);
    row.webgpuVsReference = mismatches(web.result, expected);
    if (cuda) row.cudaVsReference = mismatches(cuda.result, expected);
    if (row.webgpuVsReference !== 0 || (row.cudaVsReference ?? 0) !== 0) row.agree = false;
  }
  if (web.raised) {
    console.log(
      `${name}: the kernel raised a device exception on WebGPU (${kernel.status?.sites[0]?.message})`,
    );
    row.agree = false;
  }
  rows.push(row);
}

// Compile latency to WGSL: saxpy compiled again and again once the compiler is warm.
const saxpy = cases[0] as Case;
const compileTimes: number[] = [];
for (let r = 0; r < 53; r++) {
  const start = performance.now();
  compileWGSL(compiler, saxpy.kernel, types(saxpy), { block: [256, 1, 1] });
  if (r >= 3) compileTimes.push(performance.now() - start);
}
const compileMs = median(compileTimes);

const ms = (v: unknown) => (typeof v === 'number' ? v.toFixed(3) : '');
printTable([
  [
    'kernel',
    'webgpu ms',
    ...(options.cuda ? ['cuda ms', 'webgpu/cuda', 'results'] : []),
    `elements unlike JavaScript (webgpu${options.cuda ? ' / cuda' : ''})`,
  ],
  ...rows.map((r) => [
    String(r.kernel),
    ms(r.webgpu),
    ...(options.cuda
      ? [
          ms(r.cuda),
          typeof r.ratio === 'number' ? r.ratio.toFixed(2) : '',
          r.agree ? 'agree' : `differ ${r.difference}`,
        ]
      : []),
    r.webgpuVsReference === undefined
      ? ''
      : `${r.webgpuVsReference}${options.cuda ? ` / ${r.cudaVsReference}` : ''}`,
  ]),
]);
console.log(`compile to WGSL, saxpy warm: ${compileMs.toFixed(2)} ms (goal < 5 ms)`);
if (options.out)
  writeFileSync(
    options.out,
    `${JSON.stringify({ adapter: info.description || info.vendor, timestamps, elements: n, rows, compileMs }, null, 2)}\n`,
  );
device.destroy();
if (rows.some((r) => r.agree === false)) process.exitCode = 1;
