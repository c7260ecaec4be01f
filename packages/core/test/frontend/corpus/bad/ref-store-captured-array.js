// types: f32[]
// expect: read-only 5:3
// scope: table
function writesTable(x) {
  table[0] = x[0];
}
