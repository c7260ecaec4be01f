// types: f32[], f32[,]
// expect: arity 4:10
function viewOneIndex(x, v) {
  x[0] = v.get(1);
}
