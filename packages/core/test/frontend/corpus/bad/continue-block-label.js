// types: f32[], i32
// expect: bad-jump 6:7
function continueBlock(x, n) {
  block: {
    for (let i = 0; i < n; i++) {
      continue block;
    }
  }
}
