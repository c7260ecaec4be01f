// types: f32[]
// expect: unsupported 4:15
function computedKey(x) {
  const o = { [x[0]]: 1 };
}
