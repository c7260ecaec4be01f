// types: f32[]
// expect: unsupported 4:10
function nullish(x) {
  x[0] = x[1] ?? 2;
}
