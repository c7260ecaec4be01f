// What the WebGPU tests share: a kernel as text, and a run through WebGPU beside the reference runner.
import { runReference } from '@gpuc/core';
import { type HalfRoute, launchWebGPU, type WarpRoute } from '../src/index.js';

/** A kernel as source text, as the front end reads it (no transform rewrites its literals). */
export const kernel = (text: string) => ({ text, file: 'kernels.js' });

/** A device function from source text, as an application's own module would have it. */
export const fromText = (text: string) =>
  new Function(`return (${text});`)() as (...args: never[]) => unknown;

type Dim = number | [number, number?, number?];

/** Runs a kernel through WebGPU and the reference runner on copies of the same arguments. */
export async function both(
  source: { text: string; file: string },
  launch: {
    grid: Dim;
    block: Dim;
    scope?: Record<string, unknown>;
    warps?: WarpRoute;
    halves?: HalfRoute;
    sharedBytes?: number;
  },
  make: () => unknown[],
) {
  const expected = make();
  runReference(source, launch, expected);
  const actual = make();
  await launchWebGPU(source, launch, ...actual);
  return { expected, actual };
}

/**
 * A check against the reference runner that the vitest files and the GPU machine's script
 * (scripts/gpu-check.ts) share: what the device lacks for it, and its run.
 */
export interface DeviceCase {
  readonly name: string;
  /** Why the device cannot run it (a sentence), or undefined where it can. */
  absent(device: GPUDevice): string | undefined;
  /** Runs it through WebGPU and the reference runner: what differs (nothing where all agree). */
  run(): Promise<string[]>;
}
