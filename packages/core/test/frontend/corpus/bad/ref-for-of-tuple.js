// types: f32[]
// expect: unsupported 4:3
function forOfTuple(x) {
  for (const v of [1, 2]) x[0] += v;
}
