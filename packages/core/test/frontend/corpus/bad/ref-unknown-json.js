// types: f32[]
// expect: unknown-name 4:10
function parsesJson(x) {
  x[0] = JSON.parse('1');
}
