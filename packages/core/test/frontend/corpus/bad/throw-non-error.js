// types: f32[]
// expect: unsupported 4:9
function throwsNumber(x) {
  throw 42;
}
