// types: f32[]
// expect: unsupported 4:13
function regex(x) {
  const r = /ab+c/;
}
