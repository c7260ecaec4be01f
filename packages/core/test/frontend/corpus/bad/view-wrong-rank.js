// types: f32[,]
// expect: arity 4:13
function viewRank(m) {
  const v = m.get(0);
}
