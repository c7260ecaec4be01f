/**
 * The GPU object and device: a browser's `navigator.gpu`, or in Node the `webgpu` package (Dawn),
 * loaded only when there is no `navigator.gpu`, so the same code runs in both.
 */
import type { create } from 'webgpu';

/** The `create` of the `webgpu` package (its import also brings WebGPU's global types). */
type CreateGPU = typeof create;

let nodeGPU: Promise<GPU | undefined> | undefined;

/** The package that brings Dawn to Node. */
const DAWN = 'webgpu';

/** `navigator.gpu` where the host has one, else Dawn through the `webgpu` package (undefined without it). */
export function defaultGPU(): Promise<GPU | undefined> {
  const browser = (globalThis as { navigator?: { gpu?: GPU } }).navigator?.gpu;
  if (browser) return Promise.resolve(browser);
  // Named through a variable, so that a browser bundle does not try to include Dawn.
  nodeGPU ??= (import(/* @vite-ignore */ DAWN) as Promise<{ create: CreateGPU; globals: object }>).then(
    (dawn) => {
      // Dawn's constants (GPUBufferUsage...) as the browser has them.
      for (const [name, value] of Object.entries(dawn.globals)) {
        if (!(name in globalThis)) Object.assign(globalThis, { [name]: value });
      }
      return dawn.create([]);
    },
    () => undefined,
  );
  return nodeGPU;
}

const devices = new Map<GPU, Promise<GPUDevice | undefined>>();

/**
 * The limits a device for kernels asks of its adapter: the adapter's own on workgroup size,
 * workgroup memory and storage buffers (WebGPU's defaults are lower).
 */
export function kernelLimits(adapter: GPUAdapter): Record<string, number> {
  const { limits } = adapter;
  return {
    maxStorageBuffersPerShaderStage: limits.maxStorageBuffersPerShaderStage,
    maxComputeInvocationsPerWorkgroup: limits.maxComputeInvocationsPerWorkgroup,
    maxComputeWorkgroupSizeX: limits.maxComputeWorkgroupSizeX,
    maxComputeWorkgroupSizeY: limits.maxComputeWorkgroupSizeY,
    maxComputeWorkgroupSizeZ: limits.maxComputeWorkgroupSizeZ,
    maxComputeWorkgroupStorageSize: limits.maxComputeWorkgroupStorageSize,
    maxStorageBufferBindingSize: limits.maxStorageBufferBindingSize,
    maxBufferSize: limits.maxBufferSize,
  };
}

/**
 * The features a device for kernels asks of its adapter where it has them: subgroups for warps,
 * `shader-f16` for f16 arrays of two bytes an element.
 */
export function kernelFeatures(adapter: GPUAdapter): GPUFeatureName[] {
  const wanted = ['subgroups', 'subgroup-size-control', 'shader-f16'] as GPUFeatureName[];
  return wanted.filter((feature) => adapter.features.has(feature));
}

/**
 * The device of a GPU object (the default one without): one per GPU object, with the adapter's
 * own limits on workgroup size and storage buffers, and its subgroup and f16 features. Undefined where
 * there is no adapter.
 */
export async function webgpuDevice(gpu?: GPU): Promise<GPUDevice | undefined> {
  const chosen = gpu ?? (await defaultGPU());
  if (!chosen) return undefined;
  let device = devices.get(chosen);
  if (!device) {
    device = chosen.requestAdapter().then((adapter) =>
      adapter?.requestDevice({
        requiredLimits: kernelLimits(adapter),
        requiredFeatures: kernelFeatures(adapter),
      }),
    );
    devices.set(chosen, device);
  }
  return device;
}

/** Whether a WebGPU adapter is there (tests skip without one). */
export async function hasWebGPU(gpu?: GPU): Promise<boolean> {
  try {
    return (await webgpuDevice(gpu)) !== undefined;
  } catch {
    return false;
  }
}

/** Destroys the devices made so far (a Node process then exits without waiting on Dawn). */
export async function releaseWebGPU(): Promise<void> {
  const made = [...devices.values()];
  devices.clear();
  for (const device of await Promise.all(made)) device?.destroy();
}
