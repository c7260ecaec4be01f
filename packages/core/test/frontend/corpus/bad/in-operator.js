// types: f32[]
// expect: unsupported 4:15
function inOperator(x) {
  const has = 0 in x;
}
