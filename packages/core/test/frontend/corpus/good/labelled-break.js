// types: i32[], i32
function firstPair(a, n) {
  let found = -1;
  outer: for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (a[i] + a[j] === 10) {
        found = i * n + j;
        break outer;
      }
    }
  }
  a[0] = found;
}
