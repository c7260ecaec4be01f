// types: f32[]
// expect: unknown-name 4:10
function usesUnknown(x) {
  x[0] = undefinedThing * 2;
}
