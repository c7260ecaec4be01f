// types: f32[]
// scope: square, apply
function applies(x) {
  const i = gpu.globalIdx.x;
  x[i] = apply(square, x[i]);
}
