// types: i32[]
function increments(a) {
  let i = 0;
  i++;
  ++i;
  i--;
  --i;
  a[i]++;
  const old = a[1]++;
  a[2] = old + --a[3];
}
