/** A device function imported by a kernel in a test file (see toolchains.test.ts). */
export function square(x: number): number {
  return x * x;
}
