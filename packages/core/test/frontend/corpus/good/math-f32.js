// types: f32[]
function mathF32(x) {
  const i = gpu.globalIdx.x;
  const v = x[i];
  x[i] = Math.sin(v) + Math.cos(v) + Math.tan(v) + Math.exp(v) + Math.log(v + 2) + Math.sqrt(Math.abs(v))
    + Math.atan2(v, 2) + Math.pow(v, 3) + Math.floor(v) + Math.ceil(v) + Math.round(v) + Math.trunc(v)
    + Math.min(v, 1) + Math.max(v, -1) + Math.hypot(v, 1) + Math.cbrt(v) + Math.sign(v) + Math.log2(v + 2)
    + Math.log10(v + 2) + Math.expm1(v) + Math.log1p(v + 1) + Math.sinh(v) + Math.cosh(v) + Math.tanh(v)
    + Math.asin(v / 4) + Math.acos(v / 4) + Math.atan(v) + Math.asinh(v) + Math.acosh(v + 2) + Math.atanh(v / 4);
}
