// types: i32[], i32
function countRows(a, n) {
  let rows = 0;
  rows: for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (a[i * n + j] < 0) continue rows;
    }
    rows++;
  }
  a[0] = rows;
}
