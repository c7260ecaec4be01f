// types: f32[], i32
<<<<<<< HEAD:packages/core/test/frontend/corpus/good/tuple-variable-index.js
=======
// expect: bad-index 5:12
>>>>>>> reference:packages/core/test/frontend/corpus/bad/tuple-variable-index.js
function tupleVariable(x, i) {
  const t = [1, 2];
  x[0] = t[i];
}
