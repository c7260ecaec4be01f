// types: f32[]
// expect: unknown-member 4:16
function tooMany(x) {
  const [a, b, c] = [1, 2];
}
