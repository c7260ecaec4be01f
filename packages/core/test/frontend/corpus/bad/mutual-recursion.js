// types: f32[]
// expect: recursion 12:10
function callsPing(x) {
  x[0] = ping(3);
}

function ping(n) {
  return n <= 0 ? 0 : pong(n - 1);
}

function pong(n) {
  return ping(n) + 1;
}
