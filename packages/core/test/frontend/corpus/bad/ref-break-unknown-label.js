// types: f32[]
// expect: bad-jump 5:16
function breaksNowhere(x) {
  for (let i = 0; i < 4; i++) {
    if (i > 1) break outer;
  }
}
