// types: f32[]
// expect: syntax 4:9
function yieldName(x) {
  const yield = 2;
  x[0] = yield;
}
