// types: i64[], i32[]
function timed(times, data) {
  const start = gpu.clock();
  data[0] = 1;
  gpu.threadFence();
  gpu.threadFenceBlock();
  gpu.threadFenceSystem();
  times[0] = gpu.clock() - start;
}
