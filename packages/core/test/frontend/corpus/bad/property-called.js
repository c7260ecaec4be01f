// types: i32[]
// expect: unsupported 4:10
function callsProperty(x) {
  x[0] = gpu.laneId();
}
