/**
 * koffi, the FFI every driver binding and native launch goes through, loaded at its first use
 * (a driver's first call, a native launch), never at import: a browser bundle or a deployment
 * without koffi imports the host runtime without touching it.
 *
 * It is loaded without its entry script where possible: that script requires https, zlib and
 * crypto for koffi's installer, which a program that only loads a driver and launches kernels
 * pays at every start (koffi 2.12: about 10 ms of 15). koffi is pinned, so its prebuilt addon for
 * this platform sits at a known place; anywhere it does not (another architecture's naming,
 * musl), koffi's entry finds it.
 */
// The module object, not a named import: a browser bundle's empty stand-in for node:module
// then needs no createRequire, which only a first use (never made there) calls.
import nodeModule from 'node:module';
import type * as Koffi from 'koffi';

let loaded: typeof Koffi | undefined;

/** koffi's native module (the same object its entry wraps), or its entry where that fails. */
function load(): typeof Koffi {
  const require = nodeModule.createRequire(import.meta.url);
  try {
    const native = require(`koffi/build/koffi/${process.platform}_${process.arch}/koffi.node`) as {
      version?: string;
    };
    if (native.version === (require('koffi/package.json') as { version: string }).version)
      return native as typeof Koffi;
  } catch {
    // Not a platform koffi names this way, or the addon does not load here: its entry decides.
  }
  return require('koffi') as typeof Koffi;
}

/** koffi, loaded on the first call (every later call returns the same module). */
export function koffi(): typeof Koffi {
  loaded ??= load();
  return loaded;
}

/** koffi's types (`Koffi.TypeSpec`...), for code that declares what it hands koffi. */
export type { Koffi };
