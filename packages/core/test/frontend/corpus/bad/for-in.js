// types: f32[]
// expect: unsupported 4:3
function forIn(x) {
  for (const k in x) x[0] = 1;
}
