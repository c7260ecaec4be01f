// types: f64[]
// scope: polynomial
function nested(x) {
  const i = gpu.globalIdx.x;
  x[i] = polynomial(x[i]);
}
