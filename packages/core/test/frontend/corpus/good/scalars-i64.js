// types: i64[], i64
function bigints(out, base) {
  const i = gpu.globalIdx.x;
  out[i] = base * 3n + BigInt(i);
}
