// What the page does with WebGPU, apart from the page so that Node (through Dawn) runs it too:
// the kernel's WGSL launched with the compiler-free runtime, and escape counts as colours.
import { runWGSL } from '@gpuc/backend-webgpu/webgpu';
import { mandelbrotArgs, picture } from './picture.mjs';

/** Escape counts of every pixel, computed on `device` by the kernel compiled to WGSL (`kernel`). */
export async function escapeCounts(device, kernel, size = picture) {
  const args = mandelbrotArgs(size);
  const [bx, by] = kernel.block;
  await runWGSL(device, kernel, [Math.ceil(size.width / bx), Math.ceil(size.height / by), 1], args);
  return args[0];
}

/** The colour of an escape count: black inside the set, a blue-to-yellow ramp outside. */
export function colour(k, limit) {
  if (k >= limit) return [0, 0, 0];
  const t = Math.sqrt(k / limit);
  return [Math.round(255 * t), Math.round(255 * t * t), Math.round(255 * (1 - t) * 0.8 + 40)];
}

/** Escape counts as RGBA pixels (for a canvas's ImageData). */
export function pixels(counts, limit) {
  const rgba = new Uint8ClampedArray(counts.length * 4);
  counts.forEach((k, i) => {
    rgba.set([...colour(k, limit), 255], i * 4);
  });
  return rgba;
}
