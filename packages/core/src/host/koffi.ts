/**
 * koffi, the FFI every driver binding and native launch goes through, loaded without its entry
 * script where possible: that script requires https, zlib and crypto for koffi's installer,
 * which a program that only loads a driver and launches kernels pays at every start (koffi 2.12:
 * about 10 ms of 15). koffi is pinned, so its prebuilt addon for this platform sits at a known
 * place; anywhere it does not (another architecture's naming, musl), koffi's entry finds it.
 */
import { createRequire } from 'node:module';
import type * as Koffi from 'koffi';

const require = createRequire(import.meta.url);

/** koffi's native module (the same object its entry wraps), or its entry where that fails. */
function loadKoffi(): typeof Koffi {
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

export const koffi: typeof Koffi = loadKoffi();
