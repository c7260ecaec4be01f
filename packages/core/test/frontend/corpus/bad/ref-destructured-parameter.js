// types: f32[]
// expect: unsupported 3:32
function destructuredParameter({ a }) {
  a[0] = 1;
}
