// types: f32[]
// expect: unsupported 4:13
function taggedTemplate(x) {
  const s = String.raw`a`;
}
