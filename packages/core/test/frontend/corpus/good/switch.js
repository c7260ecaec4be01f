// types: i32[], f32[]
function classify(kind, out) {
  const i = gpu.globalIdx.x;
  let v = 0.0;
  switch (kind[i]) {
    case 0:
      v = 1;
      break;
    case 1:
    case 2:
      v = 2.5;
      break;
    case 3:
      v = 4;
    default:
      v += 10;
  }
  out[i] = v;
}
