// types: f32[]
// expect: unsupported 4:9
function throwsDynamic(x) {
  throw new Error(x[0]);
}
