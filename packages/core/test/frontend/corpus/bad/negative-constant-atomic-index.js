// types: i32[]
// expect: bad-index 4:20
function countBefore(c) {
  gpu.atomicAdd(c, -1, 1);
}
