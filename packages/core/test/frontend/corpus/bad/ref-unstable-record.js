// types: f32[], i32
// expect: unstable-type 6:10
function switchesRecord(x, n) {
  let r = { a: 1 };
  if (n > 0) r = { b: 2 };
  x[0] = r.a;
}
