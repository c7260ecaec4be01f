// types: i32[], f32[]
function compound(n, f) {
  let a = n[0];
  a += 2;
  a -= 1;
  a *= 3;
  a %= 7;
  a &= 15;
  a |= 16;
  a ^= 3;
  a <<= 1;
  a >>= 1;
  n[0] = a;
  let b = f[0];
  b /= 2;
  b **= 2;
  f[0] = b;
  f[1] += 1;
}
