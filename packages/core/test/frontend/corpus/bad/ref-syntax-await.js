// types: f32[]
// expect: syntax 4:10
function awaits(x) {
  x[0] = await 1;
}
