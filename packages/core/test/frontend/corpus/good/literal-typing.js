// types: f32[]
function literals(x) {
  const i = gpu.globalIdx.x;
  let acc = 0;
  for (let k = 0; k < 4; k++) acc += x[i + k] * 0.25;
  x[i] = acc + 1.0;
}
