/** The Mandelbrot kernel (mandelbrot.mjs), for TypeScript callers such as bench/webgpu. */
export declare function mandelbrot(
  image: Int32Array,
  width: number,
  height: number,
  limit: number,
  sx: number,
  sy: number,
): void;
