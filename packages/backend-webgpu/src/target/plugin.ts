/**
 * The WebGPU back-end as a compiler plugin: the `webgpu` target and WGSL from typed IR. It is
 * the one back-end that does not end in LLVM: its `translate` tap writes WGSL from the
 * specialization's typed IR (wgsl.ts), so `compileJob` never reaches codegen; launches take the
 * front half alone (`specializeJob`: `prepareJob`, the method overlays, inference), since they
 * need the parameter layout with the WGSL.
 */
import {
  type Compiler,
  type CompilerPlugin,
  codeVersion,
  createJob,
  type FunctionInput,
  type KernelType,
  OptionError,
  type Params,
  specializeJob,
  type Target,
  toSource,
} from '@gpuc/core/compiler';
import { checkGeometry, LaunchError } from '@gpuc/core/host';
import type { HalfRoute, WarpRoute, WGSLKernel } from '../webgpu/layout.js';
import { checkHalfRoute, checkRoute } from '../webgpu/routes.js';
import { writeWGSL } from './wgsl.js';

/**
 * The `webgpu` target. Its LLVM fields are empty (no module is ever generated for it); `lacks`
 * states what WGSL cannot express.
 */
export function webgpuTarget(): Target {
  return {
    name: 'webgpu',
    backend: 'webgpu',
    triple: '',
    dataLayout: '',
    cpu: '',
    features: '',
    hasMachine: false,
    addressSpaces: { generic: 0, global: 0, shared: 0, constant: 0, local: 0 },
    lacks: { f64: true, recursion: true, stack: true, dynamicAllocation: true },
  };
}

export class WebGPUPlugin implements CompilerPlugin {
  readonly name = 'webgpu';
  readonly version = codeVersion(import.meta.url);

  apply(compiler: Compiler): void {
    // The params are checked with the target, before any hook (whose errors are the plugin's).
    compiler.registerTarget(
      'webgpu',
      (params) => {
        translationParams(params);
        return webgpuTarget();
      },
      ['blockX', 'blockY', 'blockZ', 'warps', 'halves'],
    );
    // compileJob's output for the target (`gpuc compile`, the examples' timings): the WGSL.
    compiler.hooks.for('webgpu').translate.tap('webgpu', (specialization, _kind, job) => {
      const { block, warps, halves } = translationParams(job.params);
      return writeWGSL(specialization, block, {
        scope: job.scope,
        boundsCheck: job.config.boundsCheck,
        ...(warps ? { warps } : {}),
        ...(halves ? { halves } : {}),
      }).code;
    });
  }
}

/**
 * What `compileJob` writes WGSL for: the block in params `blockX`, `blockY`, `blockZ` (default
 * 64 x 1 x 1), warp operations by the route in `warps` (default `workgroup`), f16 arrays by the
 * route in `halves` (default `words`). Each is checked as a launch checks it, and refused, as
 * every target's params are, with a `bad-option` error naming the param.
 */
function translationParams(params: Params): {
  block: [number, number, number];
  warps?: WarpRoute;
  halves?: HalfRoute;
} {
  const { blockX = 64, blockY = 1, blockZ = 1, warps, halves } = params;
  const extents = [blockX, blockY, blockZ];
  const block = (['blockX', 'blockY', 'blockZ'] as const).map((key, axis) => {
    // The axis alone, the others 1, so that the error names the param at fault.
    const alone = [1, 1, 1].map((one, a) => (a === axis ? extents[axis] : one)) as [number, number, number];
    return asParam(key, 'a positive integer up to 2^31 - 1', () => checkGeometry(1, alone).block[axis]);
  }) as [number, number, number];
  const route = asParam('warps', 'workgroup, subgroups or sized-subgroups', () => checkRoute(warps));
  const halfRoute = asParam('halves', 'words or shader-f16', () => checkHalfRoute(halves));
  return { block, ...(route ? { warps: route } : {}), ...(halfRoute ? { halves: halfRoute } : {}) };
}

/** A param checked by a launch's check, whose `bad-launch` becomes a `bad-option` naming the param. */
function asParam<T>(key: string, accepted: string, check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (!(error instanceof LaunchError)) throw error;
    throw new OptionError(key, error.detail, accepted);
  }
}

/** How to compile a kernel to WGSL. */
export interface WGSLCompileOptions {
  /** The block (workgroup) size, which WGSL fixes in the module. */
  readonly block: readonly [number, number, number];
  /** Host values the kernel reads by name. */
  readonly scope?: Readonly<Record<string, unknown>>;
  /** `boundsCheck`: each array index checked, one out of range a device exception at its line. */
  readonly config?: { readonly boundsCheck?: boolean };
  /**
   * How warp operations are written (default `workgroup`, which every adapter runs); a launch
   * picks with `warpRoute` for its device.
   */
  readonly warps?: WarpRoute;
  /** How f16 arrays are held (default `words`, which every adapter runs); a launch picks with `halfRoute`. */
  readonly halves?: HalfRoute;
}

/**
 * Compiles a kernel for argument types to WGSL with a compiler that has the WebGPU plugin.
 * Throws a `CompileError` at the kernel's line for what WGSL cannot express.
 */
export function compileWGSL(
  compiler: Compiler,
  kernel: FunctionInput,
  argTypes: readonly KernelType[],
  options: WGSLCompileOptions,
): WGSLKernel {
  const job = createJob(toSource(kernel), argTypes, compiler.target('webgpu'), {
    ...(options.scope ? { scope: options.scope } : {}),
    ...(options.config ? { config: options.config } : {}),
  });
  return writeWGSL(specializeJob(compiler, job).specialization, options.block, {
    scope: job.scope,
    boundsCheck: job.config.boundsCheck,
    ...(options.warps ? { warps: options.warps } : {}),
    ...(options.halves ? { halves: options.halves } : {}),
  });
}
