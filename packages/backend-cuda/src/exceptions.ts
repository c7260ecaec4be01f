/**
 * The device-exception protocol between the CUDA runtime library (runtime.ts, on the device) and
 * the driver (driver/kernel.ts, on the host): a block of 64-bit words in pinned, mapped memory,
 * whose device address the host writes into the module's exported global.
 */

/** The exported global holding the exception block's address, patched by the host. */
export const EXCEPTION_GLOBAL = 'gpuc_exception';

/** The exception block, in 64-bit words. */
export const EXCEPTION_WORDS = Object.freeze({
  owner: 0,
  signalled: 1,
  message: 2,
  function: 3,
  file: 4,
  line: 5,
  count: 6,
});
