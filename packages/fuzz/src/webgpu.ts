/**
 * A case on WebGPU: compiled to WGSL and launched through `launchWebGPU` (Dawn in Node; lavapipe
 * on a machine without a GPU), its arrays read back. Skipped, counted as such, where there is no
 * adapter. What WGSL cannot express is a coded `CompileError`, and a launch WebGPU cannot make a
 * coded `LaunchError`: both refusals, but for WGSL the shader compiler rejects (an internal
 * error, as PTX that ptxas rejects is). A device exception
 * (the kernel's `throw`, a BigInt division by zero) is the kernel throwing.
 */
import { hasWebGPU, launchWebGPU } from '@gpuc/backend-webgpu';
import { CompileError, sourceFromText } from '@gpuc/core/compiler';
import { DeviceError, LaunchError } from '@gpuc/core/host';
import { arrays, kernelArguments } from './arguments.js';
import { blockShape, type FuzzCase, gridShape } from './case.js';
import { compileFailure, message, type Run } from './outcome.js';

/**
 * Whether WebGPU's shader compiler rejected the WGSL gpuc wrote for a reason other than WGSL's
 * uniformity rule (a barrier or warp operation every thread must reach, documented in
 * docs/language.md): WGSL that does not validate is gpuc's fault, as PTX ptxas rejects is.
 */
const invalidWGSL = (text: string) =>
  text.includes("WebGPU's shader compiler rejects this") && !text.includes('uniform control flow');

/** Runs a case through WebGPU with the scope the other back-ends see. */
export async function runWebGPU(c: FuzzCase, scope: Record<string, unknown>): Promise<Run> {
  if (!(await hasWebGPU())) return { status: 'skipped', message: 'no WebGPU adapter', ms: 0 };
  const start = performance.now();
  const args = kernelArguments(c);
  try {
    await launchWebGPU(
      sourceFromText(c.source, 'fuzz.js'),
      {
        grid: gridShape(c),
        block: blockShape(c),
        scope,
        sharedBytes: c.sharedBytes ?? 0,
        config: { boundsCheck: c.config?.boundsCheck ?? false },
      },
      ...args,
    );
    return { status: 'ok', arrays: arrays(args), ms: performance.now() - start };
  } catch (error) {
    const ms = performance.now() - start;
    if (error instanceof CompileError)
      return invalidWGSL(error.message)
        ? { status: 'internal', message: message(error), ms }
        : ({ ...compileFailure(error), ms } as Run);
    // A launch WebGPU cannot make (arrays that share memory, a device limit) is refused, coded.
    if (error instanceof LaunchError)
      return { status: 'refused', code: error.code, message: error.message, ms };
    return {
      status: error instanceof DeviceError ? 'threw' : 'internal',
      message: message(error),
      ms,
    } as Run;
  }
}
