// types: f32[]
// expect: bad-argument 5:13
// scope: label
function readsString(x) {
  const l = label;
}
