// types: u32[], u32
function unsigned(out, seed) {
  const i = gpu.globalIdx.x;
  let h = seed ^ i;
  h = Math.imul(h, 0x9e3779b1);
  out[i] = h >>> 0;
}
