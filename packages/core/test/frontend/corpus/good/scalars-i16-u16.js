// types: i16[], u16[]
function halfWords(a, b) {
  const i = gpu.globalIdx.x;
  if (i < a.length) b[i] = a[i] * 2 + 1;
}
