// types: f32[]
// expect: unsupported 5:3
function nullishAssign(x) {
  let a = x[0];
  a ??= 1;
  x[0] = a;
}
