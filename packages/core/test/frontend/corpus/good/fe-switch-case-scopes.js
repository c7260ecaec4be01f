// types: f32[], i32
function caseScopes(x, n) {
  switch (n) {
    case 1: {
      const a = 1;
      x[0] = a;
      break;
    }
    case 2:
      const b = 2;
      x[1] = b;
      break;
    default: {
      const a = 3;
      x[2] = a;
    }
  }
}
