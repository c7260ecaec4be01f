// types: f32[]
// expect: unknown-member 6:10
function indexString(x) {
  // A const string key reads the member it names, as `x.a` does: an array has none.
  const key = 'a';
  x[0] = x[key];
}
