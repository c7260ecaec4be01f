// types: f32[]
// expect: syntax 4:7
function argumentsName(x) {
  let arguments = 3;
  x[0] = arguments;
}
