/**
 * The array layer on NVIDIA GPUs: `cudaArrays()` gives `map`, `reduce`, `scan` and `sort` over
 * DeviceArrays (results stay on the device; a fold's value comes back as a number), through the
 * same kernels and pipeline as natively. Blocks fill the device's multiprocessors; sized
 * launches take the block the occupancy calculator suggests.
 */

import {
  ARRAY_CONSTRUCTORS,
  type ArrayBackend,
  type ArrayOperations,
  arraysOn,
  type ElementName,
  KeptKernels,
} from '@gpuc/core';
import { launchGeometry } from '@gpuc/core/launch';
import { CudaDevice, type CudaStream } from '../driver/device.js';
import type { CudaKernel } from '../driver/kernel.js';
import { DeviceArray, elementName } from '../driver/memory.js';
import { compileCuda, cudaArgumentTypes } from './launch.js';

/** Threads a multiprocessor holds at once (sm_80 and sm_90; sm_86 and sm_89 hold 1536). */
const THREADS_PER_MULTIPROCESSOR = 2048;

/** Temporaries up to this size are kept for the next operation rather than freed. */
const POOLED_BYTES = 1 << 16;

/**
 * The array back-end of a CUDA device (the default device when none is given). Its kernels are
 * compiled once per (kernel, scope, argument types) and kept, and queued on a stream of its own:
 * an operation waits once, at its end or when it reads a value back, rather than after every
 * launch, and then reports a device exception any of its kernels raised.
 */
export function cudaArrayBackend(device?: CudaDevice): ArrayBackend<DeviceArray> {
  let stream: CudaStream | undefined;
  const on = () => {
    device ??= CudaDevice.get();
    stream ??= device.stream();
    return { device, stream };
  };
  // Small temporaries (a reduction's partials, a scan's tile totals), by element and length:
  // allocating device memory costs more than the kernels that use them.
  const pool = new Map<string, DeviceArray[]>();
  const key = (element: string, length: number) => `${element}:${length}`;
  const kernels = new KeptKernels(
    cudaArgumentTypes,
    (kernel, types, scope) => compileCuda(kernel, types, { scope, device: on().device }) as CudaKernel,
  );
  /** Kernels queued since the last wait, whose exceptions the wait checks. */
  const queued = new Set<CudaKernel>();
  const finish = () => {
    if (queued.size === 0) return;
    const kernels = [...queued];
    queued.clear();
    // The first waits for the stream; each then reports its module's exception, if any.
    for (const kernel of kernels) kernel.synchronize(on().stream);
  };
  return {
    name: 'CUDA (DeviceArray)',
    shuffles: true,
    elementOf: (value) =>
      value instanceof DeviceArray ? (elementName(value.kind) as ElementName) : undefined,
    lengthOf: (array) => array.length,
    alloc(element, length) {
      const kept = pool.get(key(element, length))?.pop();
      return kept ?? DeviceArray.alloc(ARRAY_CONSTRUCTORS[element] as never, length, on().device);
    },
    read(array) {
      finish();
      return array.read();
    },
    release(array) {
      if (array.byteLength > POOLED_BYTES) {
        // Freed only once no queued kernel can still use it.
        finish();
        array.free();
        return;
      }
      // A pooled array is next used by a kernel queued after those that used it.
      const k = key(elementName(array.kind), array.length);
      pool.set(k, [...(pool.get(k) ?? []), array]);
    },
    residentBlocks: (block) =>
      on().device.multiprocessors * Math.max(1, Math.floor(THREADS_PER_MULTIPROCESSOR / block)),
    launch(kernel, launch, args) {
      const cuda = kernels.get(kernel, launch.scope, args);
      const { grid, block } = launchGeometry(launch, () => cuda.suggestedBlock());
      cuda.launch(grid, block, args, { stream: on().stream });
      queued.add(cuda);
    },
    finish,
  };
}

/**
 * The array operations on a CUDA device's DeviceArrays: `cudaArrays().map((x) => x * 2, xs)`
 * returns a DeviceArray; `reduce`, `sum`, `min` and `max` return the value.
 */
export function cudaArrays(device?: CudaDevice): ArrayOperations<DeviceArray> {
  return arraysOn(cudaArrayBackend(device));
}
