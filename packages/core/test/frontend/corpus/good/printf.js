// types: f32[]
function prints(x) {
  const i = gpu.globalIdx.x;
  if (i === 0) console.log('x[0] = %f, n = %d', x[0], x.length);
}
