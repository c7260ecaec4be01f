/**
 * The device-exception block the GPU back-ends share: an exported global (`gpuc_exception`) of
 * 64-bit words that the device's runtime fills once, by compare-and-swap on the owner word, and
 * the host reads after the launch completes (and clears). Each back-end decides what its owner
 * word encodes and where the block lives (CUDA: host-mapped memory whose address the host
 * patches in; ROCm: the code object's own global).
 */

/** The exported global of the exception block. */
export const EXCEPTION_GLOBAL = 'gpuc_exception';

/** The block's 64-bit words. */
export const EXCEPTION_WORDS = Object.freeze({
  owner: 0,
  signalled: 1,
  message: 2,
  function: 3,
  file: 4,
  line: 5,
  count: 6,
});
