// types: f32[]
// expect: unsupported 5:3
function forOf(x) {
  let s = 0;
  for (const v of x) s += v;
  x[0] = s;
}
