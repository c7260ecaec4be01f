// types: f32[]
// expect: unknown-member 3:34
function destructuredParameter({ a }) {
  a[0] = 1;
}
