// types: f32[], i32
// expect: invalid-assignment 9:7
function caseLet(x, n) {
  switch (n) {
    case 1:
      let a = 1;
      break;
    case 2:
      a = 2;
      x[0] = a;
  }
}
