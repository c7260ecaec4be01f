// types: f32[]
// expect: invalid-assignment 6:12
function innerBlock(x) {
  let y = 1;
  {
    x[0] = y;
    let y = 2;
    x[1] = y;
  }
}
