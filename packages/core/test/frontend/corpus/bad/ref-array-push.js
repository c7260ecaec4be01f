// types: f32[]
// expect: unknown-member 4:3
function pushes(x) {
  x.push(1);
}
