// types: f32[]
// expect: too-large 6:45
// An array's length is an i32: 2^31 elements would wrap it (and its allocation).
function tooLong(x) {
  const fits = gpu.sharedArray(Float32Array, 2 ** 31 - 1);
  const wraps = gpu.sharedArray(Uint8Array, 2 ** 31);
  x[0] = fits.length + wraps.length;
}
