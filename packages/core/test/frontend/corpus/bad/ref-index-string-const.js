// types: f32[]
// expect: bad-index 5:12
function indexString(x) {
  const key = 'a';
  x[0] = x[key];
}
