// types: f32[]
// expect: unknown-name 4:20
function area(x) {
  x[0] = Math.PI * radius * radius;
}
