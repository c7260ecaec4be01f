// types: i32[]
// expect: unsupported 4:13
function readsFunction(x) {
  const c = gpu.clock;
}
