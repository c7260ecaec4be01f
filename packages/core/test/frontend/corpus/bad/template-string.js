// types: f32[]
// expect: unsupported 4:13
function template(x) {
  const s = `x = ${x[0]}`;
}
