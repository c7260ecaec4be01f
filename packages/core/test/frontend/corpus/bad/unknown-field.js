// types: f32[]
// expect: unknown-member 5:10
function missingField(x) {
  const p = { a: 1 };
  x[0] = p.b;
}
