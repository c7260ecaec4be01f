// The Mandelbrot set: a 2-D grid of 16x16 blocks, one thread a pixel, its escape count stored;
// the main job writes the image as a PNG.
import { gpu } from '@gpuc/core';

export function mandelbrot(image, width, height, limit) {
  const px = gpu.globalIdx.x;
  const py = gpu.globalIdx.y;
  if (px >= width || py >= height) return;
  const cx = -2.2 + (px * 3.2) / width;
  const cy = -1.2 + (py * 2.4) / height;
  let x = 0.0;
  let y = 0.0;
  let k = 0;
  while (k < limit && x * x + y * y <= 4.0) {
    const t = x * x - y * y + cx;
    y = 2.0 * x * y + cy;
    x = t;
    k++;
  }
  image[py * width + px] = k;
}

const width = 1024;
const height = 768;
const limit = 500;

export default {
  name: 'mandelbrot',
  kernel: mandelbrot,
  grid: [width / 16, height / 16],
  block: [16, 16],
  args: () => [new Int32Array(width * height), width, height, limit],
  image: { width, height, limit },
};
