// types: f32[]
// expect: unsupported 5:9
function throwsVariable(x) {
  const e = 1;
  throw e;
}
