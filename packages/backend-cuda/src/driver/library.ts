/**
 * The driver library (`libcuda.so.1`) as gpuc finds it, loaded once for the driver's start at
 * import and the driver's first use, and the opaque handle types its declarations name.
 */
import { koffi, loadFirstLibrary, type NativeLibrary } from '@gpuc/core/ffi';

/** Where the driver library is looked for: `GPUC_LIBCUDA`, then the loader's search path. */
function libraryNames(): string[] {
  return [process.env.GPUC_LIBCUDA, 'libcuda.so.1', 'libcuda.so'].filter((n): n is string => Boolean(n));
}

/** A lookup of the library: what it found (or every name's failure), under which names. */
export interface DriverLibrary {
  readonly names: string;
  readonly library?: NativeLibrary;
  readonly failures: string[];
}

let loaded: DriverLibrary | undefined;

/**
 * The driver library: the one loaded before, unless `GPUC_LIBCUDA` has changed since (a program
 * that sets it after importing gpuc gets the library it names).
 */
export function driverLibrary(): DriverLibrary {
  const names = libraryNames();
  if (loaded?.names === names.join('\n')) return loaded;
  loaded = { names: names.join('\n'), ...loadFirstLibrary(names) };
  return loaded;
}

/** Whether the library has been looked for in this process (found or not). */
export function driverLibraryLoaded(): boolean {
  return loaded !== undefined;
}

let handles = false;

/** Declares the driver's opaque handle types for koffi (once a process: koffi's names are global). */
export function declareHandles(): void {
  if (handles) return;
  for (const name of ['CUctx', 'CUmod', 'CUfunc', 'CUstream', 'CUevent']) koffi().opaque(name);
  handles = true;
}
