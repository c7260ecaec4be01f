// types: f32[]
// expect: unknown-member 5:11
// scope: point
function missingField(x) {
  const { z } = point;
}
