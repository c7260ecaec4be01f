/** The error of a kernel run by the reference runner. */

/** An error thrown by a kernel, with the simulated thread that threw it. */
export class KernelError extends Error {
  override name = 'KernelError';

  constructor(
    message: string,
    readonly blockIdx: readonly [number, number, number],
    readonly threadIdx: readonly [number, number, number],
    options?: ErrorOptions,
  ) {
    super(`${message} (block ${blockIdx.join(',')}, thread ${threadIdx.join(',')})`, options);
  }
}
