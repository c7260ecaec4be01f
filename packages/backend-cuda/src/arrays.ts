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
  type FunctionInput,
} from '@gpuc/core';
import { CudaDevice } from './driver/device.js';
import { launchCuda } from './driver/launch.js';
import { DeviceArray, elementName } from './driver/memory.js';

/** Threads a multiprocessor holds at once (sm_80 and sm_90; sm_86 and sm_89 hold 1536). */
const THREADS_PER_MULTIPROCESSOR = 2048;

/** Temporaries up to this size are kept for the next operation rather than freed. */
const POOLED_BYTES = 1 << 16;

/** The array back-end of a CUDA device (the default device when none is given). */
export function cudaArrayBackend(device?: CudaDevice): ArrayBackend<DeviceArray> {
  const on = () => {
    device ??= CudaDevice.get();
    return device;
  };
  // Small temporaries (a reduction's partials, a scan's tile totals), by element and length:
  // allocating device memory costs more than the kernels that use them.
  const pool = new Map<string, DeviceArray[]>();
  const key = (element: string, length: number) => `${element}:${length}`;
  return {
    name: 'CUDA (DeviceArray)',
    shuffles: true,
    elementOf: (value) =>
      value instanceof DeviceArray ? (elementName(value.kind) as ElementName) : undefined,
    lengthOf: (array) => array.length,
    alloc(element, length) {
      const kept = pool.get(key(element, length))?.pop();
      return kept ?? DeviceArray.alloc(ARRAY_CONSTRUCTORS[element] as never, length, on());
    },
    read: (array) => array.read(),
    release(array) {
      if (array.byteLength > POOLED_BYTES) return array.free();
      const k = key(elementName(array.kind), array.length);
      pool.set(k, [...(pool.get(k) ?? []), array]);
    },
    residentBlocks: (block) =>
      on().multiprocessors * Math.max(1, Math.floor(THREADS_PER_MULTIPROCESSOR / block)),
    launch(kernel, launch, args) {
      (launchCuda as (k: FunctionInput, l: unknown, ...a: unknown[]) => void)(
        kernel,
        { ...launch, device: on() },
        ...args,
      );
    },
  };
}

/**
 * The array operations on a CUDA device's DeviceArrays: `cudaArrays().map((x) => x * 2, xs)`
 * returns a DeviceArray; `reduce`, `sum`, `min` and `max` return the value.
 */
export function cudaArrays(device?: CudaDevice): ArrayOperations<DeviceArray> {
  return arraysOn(cudaArrayBackend(device));
}
