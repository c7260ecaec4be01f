// types: f32[]
// expect: unknown-name 7:10
function blockScoped(x) {
  {
    const inner = 1;
  }
  x[0] = inner;
}
