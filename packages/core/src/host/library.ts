/**
 * Driver libraries (libcuda, libhsa...) loaded through koffi: the first of several names the
 * dynamic loader finds, or every name's failure, for the driver's "no GPU" message.
 */
import { type Koffi, koffi } from './koffi.js';

/** A loaded library. */
export type NativeLibrary = Koffi.IKoffiLib;

/** The first library of `names` that loads, or why each did not. */
export function loadFirstLibrary(names: readonly string[]): { library?: NativeLibrary; failures: string[] } {
  const failures: string[] = [];
  for (const name of names) {
    try {
      return { library: koffi().load(name), failures };
    } catch (error) {
      failures.push(`${name}: ${(error as Error).message}`);
    }
  }
  return { failures };
}
