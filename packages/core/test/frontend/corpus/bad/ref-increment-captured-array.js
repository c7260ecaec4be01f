// types: f32[], i32
// expect: read-only 5:3
// scope: table
function bumpsTable(x, n) {
  table[n]++;
}
