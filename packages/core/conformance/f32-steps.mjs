// Conformance: f32 products and sums each rounded, as JavaScript rounds them with Math.fround.
// A compiler that fuses a product into a sum (a multiply-add rounds once) or rearranges sums
// gives other values for many of these inputs: NVIDIA's Vulkan driver fused x*x - y*y, the
// Mandelbrot step, through the fence the WebGPU back-end then had.
export default {
  name: 'f32-steps',
  description: 'f32 products and sums rounded one by one: none fused into a multiply-add, none rearranged',
  source: `function steps(x, y, c, out) {
  const i = gpu.globalIdx.x;
  const a = x[i];
  const b = y[i];
  out[i * 4] = Math.fround(Math.fround(Math.fround(a * a) - Math.fround(b * b)) + c[i]);
  out[i * 4 + 1] = Math.fround(Math.fround(a * b) + Math.fround(b * c[i]));
  out[i * 4 + 2] = Math.fround(Math.fround(Math.fround(2 * a) * b) + c[i]);
  out[i * 4 + 3] = Math.fround(c[i] - Math.fround(a * b));
}`,
  grid: 8,
  block: 64,
  args: (h) => [
    h.iota(512, (i) => 1.1 + ((i * 7919) % 1000) * 0.00331, Float32Array),
    h.iota(512, (i) => 0.3 + ((i * 104729) % 1000) * 0.00771, Float32Array),
    h.iota(512, (i) => 2.5 - ((i * 15485863) % 1000) * 0.005, Float32Array),
    new Float32Array(2048),
  ],
};
