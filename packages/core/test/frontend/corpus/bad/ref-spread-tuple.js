// types: f32[]
// expect: unsupported 4:17
function spreadTuple(x) {
  const t = [1, ...x];
}
