/**
 * The WebGPU back-end in the conformance runner: each kernel translated to WGSL and run through
 * WebGPU (lavapipe on the CPU in CI, the GPU where there is one), compared with the reference
 * runner. A kernel using what WGSL cannot express is `refused` with the compile error's reason;
 * a machine without a WebGPU adapter refuses every kernel, saying so.
 */
import { CompileError, ErrorCode } from '@gpuc/core/compiler';
import { type ConformanceBackend, compilerWith, entrySource } from '@gpuc/core/tools';
import { launchWebGPU } from './launch/launch.js';
import { WebGPUPlugin } from './target/plugin.js';
import { WebGPUError } from './webgpu/run.js';

export const webgpuConformance: ConformanceBackend = {
  name: 'webgpu',
  run(entry, args, _argTypes, plugins) {
    return launchWebGPU(
      entrySource(entry),
      {
        grid: entry.grid,
        block: entry.block,
        ...(entry.scope ? { scope: entry.scope() } : {}),
        sharedBytes: entry.sharedBytes ?? 0,
        compiler: compilerWith(plugins, new WebGPUPlugin()),
      },
      ...args,
    );
  },
  refusal(error) {
    if (error instanceof CompileError && error.code === ErrorCode.unsupportedOnTarget)
      return error.message.split('\n')[0];
    if (error instanceof WebGPUError && error.message.includes('no WebGPU adapter')) return error.message;
    return undefined;
  },
};
