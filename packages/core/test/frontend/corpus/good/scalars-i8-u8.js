// types: i8[], u8[], i32
function smallInts(a, b, n) {
  for (let i = 0; i < n; i++) {
    const s = a[i] + b[i];
    a[i] = s;
    b[i] = s >> 1;
  }
}
