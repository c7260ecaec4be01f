/**
 * Runs WGSL kernels on a WebGPU device: a compute pipeline per module (cached per device), the
 * parameter words and each array in storage buffers, one dispatch, and every array read back into
 * the caller's typed array. Compiler-free: the WGSL and its layout come from a compile or a file.
 */
import {
  BFloat16Bits,
  badLaunch,
  cacheLimits,
  checkSharedBytes,
  deviceError,
  Float16Bits,
  kernelCache,
  REASONS,
  setCacheLimits,
} from '@gpuc/core/host';
import type { LRUCache } from 'lru-cache';
import type { ArrayElement, ParameterSlot, WGSLKernel } from './layout.js';
import { halfRouteRefusal, missingFeature } from './routes.js';

/** A WebGPU error that is no fault of the kernel or its arguments (an invalid module: a bug). */
export class WebGPUError extends Error {
  override name = 'WebGPUError';

  constructor(
    message: string,
    /** The WGSL line of the shader compiler's first error, where it rejected the module. */
    readonly line?: number,
    /** That error's own words. */
    readonly reason?: string,
    /** The WGSL line of its last note: for a uniformity error, the value that made control flow non-uniform. */
    readonly traced?: number,
  ) {
    super(message);
  }
}

/**
 * Sets how many kernels each cache keeps: `setCacheLimits({ kernels: max })` of `@gpuc/core`
 * (a `RangeError` where `max` is not a positive integer).
 * @deprecated Use `setCacheLimits({ kernels })` (or `GPUC_CACHE_KERNELS`), which sizes every
 * cache bounded by count, these included.
 */
export function keepKernels(max: number): void {
  setCacheLimits({ kernels: max });
}

/**
 * How many kernels each cache keeps: `cacheLimits().kernels` of `@gpuc/core`.
 * @deprecated Use `cacheLimits().kernels`.
 */
export const keptKernels = (): number => cacheLimits().kernels;

/**
 * The cache of `owner` in `caches`, made on first use; it keeps the `kernels` cache limit's
 * number of entries (`kernelCache`).
 */
export function boundedCache<K extends object, V extends {}>(
  caches: WeakMap<K, () => LRUCache<string, V>>,
  owner: K,
): LRUCache<string, V> {
  let cache = caches.get(owner);
  if (!cache) {
    cache = kernelCache<V>();
    caches.set(owner, cache);
  }
  return cache();
}

const pipelines = new WeakMap<GPUDevice, () => LRUCache<string, Promise<GPUComputePipeline>>>();

/**
 * The compute pipeline of a module on a device, made once per module and dynamic shared size
 * (elements; WGSL sizes the array when the pipeline is made), the least recently launched of a
 * device's dropped past the `kernels` cache limit.
 */
export function pipelineFor(
  device: GPUDevice,
  kernel: WGSLKernel,
  dynamicLength = 0,
): Promise<GPUComputePipeline> {
  const cache = boundedCache(pipelines, device);
  const constants = kernel.dynamicShared ? { gpuc_dynamic_length: Math.max(1, dynamicLength) } : undefined;
  const key = `${kernel.code}\0${constants?.gpuc_dynamic_length ?? ''}`;
  let pipeline = cache.get(key);
  if (!pipeline) {
    const made = makePipeline(device, kernel, constants);
    pipeline = made;
    cache.set(key, made);
    // A failed compile is not kept: the next launch reports it again.
    made.catch(() => {
      if (cache.peek(key) === made) cache.delete(key);
    });
  }
  return pipeline;
}

/** How many compute pipelines the cache of a device holds now. */
export const cachedPipelines = (device: GPUDevice): number => pipelines.get(device)?.().size ?? 0;

/**
 * The bind group layout of a kernel, stated rather than derived from the shader ('auto' leaves
 * out bindings the shader never reads, which a launch still binds).
 */
function bindGroupLayout(device: GPUDevice, kernel: WGSLKernel): GPUBindGroupLayout {
  const entries: GPUBindGroupLayoutEntry[] = [];
  const visibility = GPUShaderStage.COMPUTE;
  if (kernel.words > 0) entries.push({ binding: 0, visibility, buffer: { type: 'read-only-storage' } });
  for (const slot of kernel.parameters) {
    if (slot.kind === 'array')
      entries.push({ binding: slot.binding, visibility, buffer: { type: 'storage' } });
  }
  if (kernel.status)
    entries.push({ binding: kernel.status.binding, visibility, buffer: { type: 'storage' } });
  return device.createBindGroupLayout({ entries });
}

async function makePipeline(
  device: GPUDevice,
  kernel: WGSLKernel,
  constants: Record<string, number> | undefined,
): Promise<GPUComputePipeline> {
  device.pushErrorScope('validation');
  const module = device.createShaderModule({ code: kernel.code, label: kernel.name });
  const layout = device.createPipelineLayout({ bindGroupLayouts: [bindGroupLayout(device, kernel)] });
  const pipeline = device.createComputePipeline({
    layout,
    compute: { module, entryPoint: 'main', ...(constants ? { constants } : {}) },
  });
  const error = await device.popErrorScope();
  if (error) {
    const info = await module.getCompilationInfo();
    const messages = info.messages.map((m) => `${m.lineNum}:${m.linePos}: ${m.message}`).join('\n');
    const first = info.messages.find((m) => m.type === 'error');
    throw new WebGPUError(
      `gpuc: WebGPU rejected the WGSL of '${kernel.name}': ${error.message}\n${messages}`,
      first?.lineNum,
      first?.message,
      info.messages.findLast((m) => m.type === 'info')?.lineNum,
    );
  }
  return pipeline;
}

/** A launch argument's words: a scalar's bits, as the kernel reads them (a BigInt's low word first). */
function scalarWords(slot: ParameterSlot & { kind: 'scalar' }, value: unknown): number[] {
  switch (slot.type) {
    case 'bool':
      return [value ? 1 : 0];
    case 'f32':
      return [new Uint32Array(new Float32Array([Number(value)]).buffer)[0] as number];
    case 'i64':
    case 'u64': {
      const bits = BigInt.asUintN(64, BigInt(value as bigint | number));
      return [Number(bits & 0xffffffffn), Number(bits >> 32n)];
    }
    default:
      return [Number(value) >>> 0];
  }
}

/**
 * The parameter buffer's words for a launch: scalars' bits, arrays' lengths, the dynamic shared
 * length (elements) and the zero that keeps products unfused.
 */
export function parameterWords(kernel: WGSLKernel, args: readonly unknown[], dynamicLength = 0): Uint32Array {
  const words = new Uint32Array(kernel.words);
  kernel.parameters.forEach((slot, i) => {
    if (slot.kind === 'scalar') words.set(scalarWords(slot, args[i]), slot.word);
    else words[slot.lengthWord] = (args[i] as WordArray).length;
  });
  if (kernel.dynamicShared) words[kernel.dynamicShared.lengthWord] = dynamicLength;
  if (kernel.productFenceWord !== undefined) words[kernel.productFenceWord] = 0;
  return words;
}

/**
 * The device's limits on a launch, as `bad-launch` errors naming the kernel and the limit, before
 * anything reaches the device: the grid, the block, and the workgroup memory of the module and
 * of the launch's dynamic shared memory (`dynamicBytes`, as the device holds it).
 */
function checkLimits(
  limits: GPUSupportedLimits,
  kernel: WGSLKernel,
  grid: readonly number[],
  dynamicBytes: number,
): void {
  const name = `kernel '${kernel.name}'`;
  const most = limits.maxComputeWorkgroupsPerDimension;
  if (grid.some((n) => n > most))
    throw badLaunch(
      `${name}: the grid is [${grid.join(', ')}]; this WebGPU device runs at most ${most} blocks along each axis (maxComputeWorkgroupsPerDimension)`,
    );
  const { block } = kernel;
  const axes = [
    limits.maxComputeWorkgroupSizeX,
    limits.maxComputeWorkgroupSizeY,
    limits.maxComputeWorkgroupSizeZ,
  ];
  const over = block.findIndex((n, i) => n > (axes[i] as number));
  if (over >= 0)
    throw badLaunch(
      `${name}: the block is [${block.join(', ')}]; this WebGPU device runs blocks of at most ${axes[over]} threads along ${'xyz'[over]} (maxComputeWorkgroupSize${'XYZ'[over]})`,
    );
  const threads = block.reduce((a, b) => a * b, 1);
  if (threads > limits.maxComputeInvocationsPerWorkgroup)
    throw badLaunch(
      `${name}: the block is [${block.join(', ')}], ${threads} threads; this WebGPU device runs blocks of at most ${limits.maxComputeInvocationsPerWorkgroup} (maxComputeInvocationsPerWorkgroup)`,
    );
  const declared = kernel.workgroupBytes ?? 0;
  const bytes = declared + Math.ceil(dynamicBytes / 16) * 16;
  if (bytes > limits.maxComputeWorkgroupStorageSize)
    throw badLaunch(
      `${name}: a block needs ${bytes} bytes of workgroup memory (${declared} for its shared arrays${kernel.warps === 'workgroup' ? ' and warp operations' : ''}, ${dynamicBytes} for sharedBytes); this WebGPU device has ${limits.maxComputeWorkgroupStorageSize} (maxComputeWorkgroupStorageSize)`,
    );
}

/** Storage that launches write and read back (read when called: Dawn's globals come with the device). */
const storage = () => GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;

type WordArray = Float32Array | Int32Array | Uint32Array | BigInt64Array | BigUint64Array;

/** The host arrays each element type takes (f16: `Float16Array` too, where the runtime has one). */
const ARRAYS: Readonly<Record<ArrayElement, readonly { name: string }[]>> = {
  f32: [Float32Array],
  i32: [Int32Array],
  u32: [Uint32Array],
  f16: [Float16Bits, (globalThis as { Float16Array?: { name: string } }).Float16Array].filter(
    (kind) => kind !== undefined,
  ),
  bf16: [BFloat16Bits],
  i64: [BigInt64Array],
  u64: [BigUint64Array],
};

/** Whether a host value is an array an element type takes. */
const takes = (element: ArrayElement, value: unknown) =>
  ARRAYS[element].some((kind) => value instanceof (kind as unknown as abstract new () => unknown));

/**
 * What the device holds for a host array: its own bytes, a 16-bit float array's elements
 * widened to a word each, or (f16 elements held as WGSL f16) its bytes padded to a whole word,
 * as WebGPU copies buffers in words.
 */
function deviceWords(
  host: WordArray | Uint16Array,
  element: ArrayElement,
  kernel: WGSLKernel,
): ArrayBufferView {
  if (element !== 'f16' && element !== 'bf16') return host;
  const halves = new Uint16Array(host.buffer, host.byteOffset, host.length);
  if (element === 'f16' && kernel.halves === 'shader-f16') {
    if (host.length % 2 === 0) return halves;
    const padded = new Uint16Array(host.length + 1);
    padded.set(halves);
    return padded;
  }
  const words = new Uint32Array(host.length);
  words.set(halves);
  return words;
}

/**
 * Refuses arrays that share memory (the same array passed for two parameters, or overlapping
 * views of one buffer), as a `bad-launch` error naming both arguments. Each array is a buffer of
 * its own on the device, read back in turn, so one's stores would not be seen through the other
 * and the last read back would win; and WebGPU rejects one buffer bound to two parameters of
 * which one is writable (every array parameter is).
 */
function checkDisjoint(kernel: WGSLKernel, args: readonly unknown[]): void {
  const seen: { i: number; host: ArrayBufferView }[] = [];
  kernel.parameters.forEach((slot, i) => {
    if (slot.kind !== 'array') return;
    const host = args[i] as ArrayBufferView;
    const other = seen.find(
      ({ host: h }) =>
        h.buffer === host.buffer &&
        h.byteOffset < host.byteOffset + host.byteLength &&
        host.byteOffset < h.byteOffset + h.byteLength,
    );
    if (other)
      throw badLaunch(
        `kernel '${kernel.name}': arguments ${other.i + 1} and ${i + 1} share memory (${other.host === host ? 'the same array' : 'overlapping views of one buffer'}); WebGPU binds each array parameter to a buffer of its own: pass a copy`,
      );
    seen.push({ i, host });
  });
}

/**
 * Launches a WGSL kernel: `grid` blocks of the module's block size, with `args` (typed arrays
 * for array parameters, numbers or booleans for scalars, checked by the caller). Resolves once
 * every array is read back into the caller's.
 */
export async function runWGSL(
  device: GPUDevice,
  kernel: WGSLKernel,
  grid: readonly [number, number, number],
  args: readonly unknown[],
  sharedBytes = 0,
): Promise<void> {
  checkSharedBytes(sharedBytes);
  // Dynamic shared memory holds 32-bit elements, 16-bit ones in a word each (twice the bytes;
  // f16 ones as WGSL f16 in two), or BigInts in two words each.
  const elementBytes = kernel.dynamicShared?.elementBytes ?? 4;
  const dynamicLength = kernel.dynamicShared ? Math.floor(sharedBytes / elementBytes) : 0;
  // The device holds the dynamic array as words (at least one element); sharedBytes that no
  // array views still count, as on the other back-ends.
  const heldBytes = elementBytes === 2 && kernel.halves === 'shader-f16' ? 2 : Math.max(4, elementBytes);
  const dynamicBytes = kernel.dynamicShared ? Math.max(1, dynamicLength) * heldBytes : sharedBytes;
  checkLimits(device.limits, kernel, grid, dynamicBytes);
  const missing = missingFeature(device, kernel.warps ?? 'workgroup');
  if (missing)
    throw badLaunch(`kernel '${kernel.name}' was written for warps: '${kernel.warps}', but ${missing}`);
  const noF16 = halfRouteRefusal(device, kernel.halves ?? 'words');
  if (noF16)
    throw badLaunch(`kernel '${kernel.name}' was written for halves: '${kernel.halves}', but ${noF16}`);
  kernel.parameters.forEach((slot, i) => {
    if (slot.kind === 'array' && !takes(slot.element, args[i]))
      throw badLaunch(
        `argument ${i + 1} must be a ${ARRAYS[slot.element].map((kind) => kind.name).join(' or ')}`,
      );
  });
  checkDisjoint(kernel, args);
  const pipeline = await pipelineFor(device, kernel, dynamicLength);
  device.pushErrorScope('validation');
  let scoped = true;
  const words = parameterWords(kernel, args, dynamicLength);
  const entries: GPUBindGroupEntry[] = [];
  // Each array read back: its host array, and the device's words of it (`bytes` of them).
  const arrays: { host: WordArray | Uint16Array; buffer: GPUBuffer; bytes: number; widened?: boolean }[] = [];
  const made: GPUBuffer[] = [];
  const buffer = (bytes: number, usage: number) => {
    // WebGPU has no empty buffers: an empty array still gets four bytes.
    const b = device.createBuffer({ size: Math.max(4, bytes), usage });
    made.push(b);
    return b;
  };
  try {
    kernel.parameters.forEach((slot, i) => {
      if (slot.kind === 'scalar') return;
      const host = args[i] as WordArray | Uint16Array;
      // Dawn's writeBuffer takes no SharedArrayBuffer: such an array's words are copied first
      // (asked as "no ArrayBuffer": a browser page that is not cross-origin isolated has no
      // SharedArrayBuffer global to name).
      const words = deviceWords(host, slot.element, kernel);
      const held = !(words.buffer instanceof ArrayBuffer)
        ? new Uint8Array(words.buffer, words.byteOffset, words.byteLength).slice()
        : words;
      // Past the binding limit Dawn would refuse the launch only after it is encoded, uncoded.
      const most = device.limits.maxStorageBufferBindingSize;
      if (held.byteLength > most)
        throw badLaunch(
          `kernel '${kernel.name}': argument ${i + 1} takes ${held.byteLength} bytes on the device; this WebGPU device binds at most ${most} bytes of an array (maxStorageBufferBindingSize)`,
        );
      const array = buffer(held.byteLength, storage());
      device.queue.writeBuffer(array, 0, held.buffer, held.byteOffset, held.byteLength);
      entries.push({ binding: slot.binding, resource: { buffer: array } });
      const widened = held instanceof Uint32Array && host instanceof Uint16Array;
      arrays.push({ host, buffer: array, bytes: held.byteLength, widened });
    });
    // The status words (zeroed, as every new buffer is), read back like an array.
    const status = kernel.status && { host: new Uint32Array(4), buffer: buffer(16, storage()) };
    if (status && kernel.status) {
      entries.push({ binding: kernel.status.binding, resource: { buffer: status.buffer } });
      arrays.push({ ...status, bytes: 16 });
    }
    if (kernel.words > 0) {
      const params = buffer(words.byteLength, GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST);
      device.queue.writeBuffer(params, 0, words);
      entries.push({ binding: 0, resource: { buffer: params } });
    }
    const encoder = device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    pass.setPipeline(pipeline);
    if (entries.length > 0)
      pass.setBindGroup(0, device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries }));
    pass.dispatchWorkgroups(grid[0], grid[1], grid[2]);
    pass.end();
    const readbacks = arrays.map((array) => {
      const staging = buffer(array.bytes, GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST);
      if (array.bytes > 0) encoder.copyBufferToBuffer(array.buffer, 0, staging, 0, array.bytes);
      return staging;
    });
    device.queue.submit([encoder.finish()]);
    scoped = false;
    const error = await device.popErrorScope();
    if (error) throw new WebGPUError(`gpuc: WebGPU refused the launch of '${kernel.name}': ${error.message}`);
    await Promise.all(readbacks.map((staging) => staging.mapAsync(GPUMapMode.READ)));
    arrays.forEach((array, i) => {
      const staging = readbacks[i] as GPUBuffer;
      const { host } = array;
      // A 16-bit float array's words narrow to their low halves, its elements' bits; other
      // arrays take their own bytes back (not a padding word's).
      if (array.widened)
        new Uint16Array(host.buffer, host.byteOffset, host.length).set(
          new Uint32Array(staging.getMappedRange(), 0, host.length),
        );
      else
        new Uint8Array(host.buffer, host.byteOffset, host.byteLength).set(
          new Uint8Array(staging.getMappedRange(), 0, host.byteLength),
        );
      staging.unmap();
    });
    const report = status?.host;
    if (report && report[0] !== 0 && kernel.status) {
      const site = kernel.status.sites[(report[1] as number) - 1];
      throw deviceError(kernel.name, {
        message: site?.message ?? '',
        function: site?.function ?? '',
        file: site?.file ?? '',
        line: site?.line ?? 0,
        workgroup: report[2] as number,
        workitem: report[3] as number,
        reason: REASONS.exception,
      });
    }
  } finally {
    if (scoped) await device.popErrorScope();
    for (const b of made) b.destroy();
  }
}
