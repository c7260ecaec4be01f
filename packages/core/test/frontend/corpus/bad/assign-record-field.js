// types: f32[]
// expect: invalid-assignment 5:3
function assignsField(x) {
  const p = { a: 1 };
  p.a = 2;
}
