// types: f32[]
function bindings(x) {
  const a = 2;
  let b = a + 1;
  b = b * a;
  x[0] = b;
}
