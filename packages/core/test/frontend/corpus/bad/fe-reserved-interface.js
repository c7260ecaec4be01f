// types: f32[]
// expect: syntax 4:7
function reserved(x) {
  let interface = 1;
  x[0] = interface;
}
