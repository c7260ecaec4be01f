// types: f32[]
// expect: bad-jump 6:7
function continueIf(x) {
  for (let i = 0; i < 2; i++) {
    check: if (x[i] > 0) {
      continue check;
    }
  }
}
