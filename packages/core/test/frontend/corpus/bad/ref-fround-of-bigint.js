// types: f32[]
// expect: type-mismatch 4:10
function froundOfBig(y) {
  y[0] = Math.fround(5n);
}
