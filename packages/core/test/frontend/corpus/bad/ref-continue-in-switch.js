// types: f32[], i32
// expect: bad-jump 6:7
function continuesSwitch(x, n) {
  switch (n) {
    case 1:
      continue;
  }
}
