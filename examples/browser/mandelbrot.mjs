// The Mandelbrot set in f32 for the browser example: one thread a pixel, its escape count stored.
// Math.fround at each step makes JavaScript round as the GPU does, so the page's image can be
// checked against the kernel run as plain JavaScript.
// `gpu` and `f32` are the kernel language's own names, which the compiler and the reference
// runner give the kernel: not imported, so that a bundler (bench/webgpu's) cannot rename them.
/* global gpu, f32 */

export function mandelbrot(image, width, height, limit, sx, sy) {
  const px = gpu.globalIdx.x;
  const py = gpu.globalIdx.y;
  if (px >= width || py >= height) return;
  const cx = Math.fround(f32(-2.2) + Math.fround(f32(px) * sx));
  const cy = Math.fround(f32(-1.2) + Math.fround(f32(py) * sy));
  let x = f32(0);
  let y = f32(0);
  let k = 0;
  while (k < limit && Math.fround(Math.fround(x * x) + Math.fround(y * y)) <= 4) {
    const t = Math.fround(Math.fround(Math.fround(x * x) - Math.fround(y * y)) + cx);
    y = Math.fround(Math.fround(Math.fround(2 * x) * y) + cy);
    x = t;
    k++;
  }
  image[py * width + px] = k;
}
