/**
 * `@gpuc/core/ffi`: koffi and the driver-library loader alone, for the first thing a driver's
 * runtime entry does (starting the driver while the rest of it loads): importing it loads these
 * two small modules, not the host runtime.
 */
export { type Koffi, koffi } from './koffi.js';
export { loadFirstLibrary, type NativeLibrary } from './library.js';
