// types: u8[], i32
function booleans(flags, n) {
  const i = gpu.globalIdx.x;
  const inRange = i < n;
  const even = i % 2 === 0;
  if (inRange && !even) flags[i] = 1;
}
