// types: f32[]
// expect: unsupported 4:13
function classExpression(x) {
  const C = class {};
}
