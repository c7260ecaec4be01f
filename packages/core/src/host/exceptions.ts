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

/** Reason codes a device exception report carries. */
export const REASONS = Object.freeze({ exception: 1, outOfMemory: 2 });

/**
 * An exception a kernel raised on a GPU (CUDA, ROCm, Metal). The message reads as on every gpuc
 * back-end (`message (in function at file:line)`); the fields say which thread of which kernel.
 */
export class DeviceError extends Error {
  override name = 'DeviceError';

  constructor(
    message: string,
    readonly kernel: string,
    /** Linear ids of the work-group (threadgroup), and of the work-item within it. */
    readonly workgroup: number,
    readonly workitem: number,
    /** The reason code (`REASONS`). */
    readonly reason: number,
  ) {
    super(message);
  }
}

/** What a device's exception report says, its strings already read. */
export interface ExceptionReport {
  readonly message: string;
  readonly function: string;
  readonly file: string;
  readonly line: number;
  readonly workgroup: number;
  readonly workitem: number;
  readonly reason: number;
}

/** The error for a report; a missing message or function falls back to the reason and the kernel. */
export function deviceError(kernel: string, report: ExceptionReport): DeviceError {
  const message =
    report.message || (report.reason === REASONS.outOfMemory ? 'out of memory' : 'device exception');
  const where = `${report.function || kernel}${report.file ? ` at ${report.file}:${report.line}` : ''}`;
  return new DeviceError(
    `${message} (in ${where})`,
    kernel,
    report.workgroup,
    report.workitem,
    report.reason,
  );
}
