// The example's picture, shared by the build (in Node) and the page (in a browser, without
// gpuc's compiler): its size, the iteration limit, the block, and the kernel's arguments.

/** The picture: its size in pixels, the iteration limit, and the block that covers it. */
export const picture = { width: 320, height: 240, limit: 200, block: [16, 16, 1] };

/**
 * The Mandelbrot kernel's arguments for a picture (a fresh image). `real` makes the two step
 * sizes f32: the runtime takes plain numbers, the compiler reads `f32(...)` as the type.
 */
export function mandelbrotArgs({ width, height, limit } = picture, real = Math.fround) {
  return [new Int32Array(width * height), width, height, limit, real(3.2 / width), real(2.4 / height)];
}
