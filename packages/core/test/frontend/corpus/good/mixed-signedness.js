// types: i32[], u32[], f64[]
function mixed(a, u, out) {
  out[0] = a[0] + u[0];
  out[1] = a[1] < u[1] ? 1 : 0;
}
