/** f32 neighbours, which exact comparisons of an f32 with a double constant are written with. */

/** The f32 next to an f32 (Infinity included) toward +Infinity (direction 1) or -Infinity (-1). */
export function nextFloat32(value: number, direction: 1 | -1): number {
  if (value === 0) return direction * 2 ** -149;
  const view = new DataView(new ArrayBuffer(4));
  view.setFloat32(0, value);
  const bits = view.getInt32(0);
  view.setInt32(0, bits + (value > 0 === direction > 0 ? 1 : -1));
  return view.getFloat32(0);
}
