// types: f32[]
// expect: unknown-name 4:10
function unknownIntrinsic(x) {
  x[0] = gpu.teleport();
}
