/**
 * Launches from JavaScript on WebGPU: the kernel compiled to WGSL for its arguments' types and
 * the block size (cached), then run on the device; the Promise resolves once the arrays hold the
 * results. In a browser the GPU is `navigator.gpu`; in Node, Dawn through the `webgpu` package.
 */
import {
  Compiler,
  type FunctionInput,
  type KernelType,
  RuntimeRegistry,
  toSource,
} from '@gpuc/core/compiler';
import { badLaunch } from '@gpuc/core/host';
import {
  argumentTypes,
  checkArguments,
  checkGeometry,
  DEFAULT_BLOCK,
  type Dim,
  kernelName,
  launchGeometry,
  parameterNames,
  type SizedLaunch,
} from '@gpuc/core/launch';
import type { LRUCache } from 'lru-cache';
import { compileWGSL, WebGPUPlugin } from '../target/plugin.js';
import { errorAtLine } from '../target/wgsl.js';
import { webgpuDevice } from '../webgpu/gpu.js';
import type { HalfRoute, WarpRoute, WGSLKernel } from '../webgpu/layout.js';
import {
  checkHalfRoute,
  checkRoute,
  halfRoute,
  halfRouteRefusal,
  warpRoute,
  warpRouteRefusal,
} from '../webgpu/routes.js';
import { boundedCache, runWGSL, WebGPUError } from '../webgpu/run.js';

/** A WebGPU launch: its geometry, and optionally the scope, compiler and GPU object. */
export interface WebGPULaunch {
  readonly grid: Dim;
  readonly block: Dim;
  /** Host values the kernel reads by name. */
  readonly scope?: Readonly<Record<string, unknown>>;
  /** Bytes of dynamic shared memory per block (`gpu.dynamicSharedArray`). */
  readonly sharedBytes?: number;
  /** `boundsCheck`: each array index checked, one out of range a device exception at its line. */
  readonly config?: { readonly boundsCheck?: boolean };
  /** A compiler with the WebGPU plugin (default: one of this package's own). */
  readonly compiler?: Compiler;
  /** The GPU object (default: `navigator.gpu`, else Dawn in Node). */
  readonly gpu?: GPU;
  /**
   * How warp operations run (default: `warpRoute` of the device and block, WGSL's subgroup
   * operations where the device's subgroups are gpuc's 32-lane warps, else workgroup memory).
   * A subgroup route the device cannot take is a `bad-launch` error.
   */
  readonly warps?: WarpRoute;
  /**
   * How f16 arrays are held (default: `halfRoute` of the device, WGSL f16 where it has
   * `shader-f16`, else a word an element). `shader-f16` on a device without it is a
   * `bad-launch` error.
   */
  readonly halves?: HalfRoute;
}

/** A launch by thread count (`{ size: n }`): blocks of 256 threads (WebGPU's default limit) cover `size`. */
export type WebGPUSizedLaunch = Omit<WebGPULaunch, 'grid' | 'block'> & SizedLaunch;

let shared: Compiler | undefined;

/** A compiler with the WebGPU plugin (shared). */
export function webgpuCompiler(): Compiler {
  shared ??= new Compiler(new RuntimeRegistry()).use(new WebGPUPlugin());
  return shared;
}

/**
 * Compiled kernels by compiler, source and key (argument types and block), the least recently
 * launched of a compiler's dropped past the `kernels` cache limit.
 */
const compiled = new WeakMap<Compiler, () => LRUCache<string, WGSLKernel>>();

function kernelFor(
  compiler: Compiler,
  kernel: FunctionInput,
  argTypes: readonly KernelType[],
  block: [number, number, number],
  scope: Readonly<Record<string, unknown>> | undefined,
  boundsCheck: boolean,
  warps: WarpRoute,
  halves: HalfRoute,
): WGSLKernel {
  const source = toSource(kernel);
  const cache = boundedCache(compiled, compiler);
  // A scope is part of what a kernel means: only scope-free kernels are cached here.
  const key = `${source.file}\0${source.text}\0${argTypes.map((t) => t.key).join(',')}\0${block.join(',')}\0${boundsCheck}\0${warps}\0${halves}`;
  const hit = scope === undefined ? cache.get(key) : undefined;
  if (hit) return hit;
  const written = compileWGSL(compiler, kernel, argTypes, {
    block,
    ...(scope ? { scope } : {}),
    config: { boundsCheck },
    warps,
    halves,
  });
  if (scope === undefined) cache.set(key, written);
  return written;
}

/**
 * Runs a kernel on WebGPU over `grid` blocks of `block` threads, with typed arrays (`Float32Array`,
 * `Int32Array`, `Uint32Array`) and numbers or booleans as arguments; resolves when every array
 * has been read back. Rejects with a `CompileError` for what WGSL cannot express, a
 * `LaunchError` for a bad argument or geometry, and a `WebGPUError` where there is no adapter.
 */
export async function launchWebGPU(
  kernel: FunctionInput,
  launch: WebGPULaunch | WebGPUSizedLaunch,
  ...args: unknown[]
): Promise<void> {
  const given = launchGeometry(launch, () => DEFAULT_BLOCK);
  const { grid, block } = checkGeometry(given.grid, given.block);
  const signature = { name: kernelName(kernel), parameterNames: parameterNames(kernel) };
  const argTypes = argumentTypes(signature, args);
  checkArguments({ ...signature, argTypes }, args);
  const device = await webgpuDevice(launch.gpu);
  const warps = checkRoute(launch.warps) ?? (device ? warpRoute(device, block) : 'workgroup');
  const halves = checkHalfRoute(launch.halves) ?? (device ? halfRoute(device) : 'words');
  // Compiled before a missing adapter is reported: what WGSL cannot express is said first.
  const written = kernelFor(
    launch.compiler ?? webgpuCompiler(),
    kernel,
    argTypes,
    block,
    launch.scope,
    launch.config?.boundsCheck ?? false,
    warps,
    halves,
  );
  if (!device) throw new WebGPUError('gpuc: no WebGPU adapter (no navigator.gpu, and Dawn found none)');
  const refusal = written.warps && warpRouteRefusal(device, written.warps, block);
  if (refusal) throw badLaunch(`kernel '${written.name}' cannot run with warps: '${warps}': ${refusal}`);
  const noF16 = written.halves && halfRouteRefusal(device, written.halves);
  if (noF16) throw badLaunch(`kernel '${written.name}' cannot run with halves: '${halves}': ${noF16}`);
  try {
    await runWGSL(device, written, grid, args, launch.sharedBytes ?? 0);
  } catch (error) {
    // What the shader compiler rejects (a barrier under divergent control flow), at the kernel's line.
    const located =
      error instanceof WebGPUError && error.line !== undefined
        ? errorAtLine(written, error.line, error.reason ?? error.message, error.traced)
        : undefined;
    throw located ?? error;
  }
}
