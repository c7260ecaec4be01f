// types: f32[]
// expect: bad-jump 5:33
function wrongLabel(x) {
  inner: {
    for (let i = 0; i < 2; i++) continue inner;
  }
}
