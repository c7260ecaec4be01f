// types: f32[]
// expect: unsupported 4:13
function holeTuple(x) {
  const t = [1, 2, , 3];
}
