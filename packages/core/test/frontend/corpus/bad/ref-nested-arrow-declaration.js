// types: f32[]
// expect: unsupported 4:15
function nestedArrow(x) {
  const one = () => 1;
  x[0] = one();
}
