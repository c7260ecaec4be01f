// types: f32[]
// expect: bad-jump 4:3
function breaks(x) {
  break;
}
