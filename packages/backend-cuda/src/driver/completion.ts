/**
 * Waiting for the GPU without blocking the event loop: a driver query (`cuEventQuery`) asked again
 * on later turns of the event loop until it no longer says CUDA_ERROR_NOT_READY.
 *
 * Polling was chosen over the alternatives: a host function on the stream (`cuLaunchHostFunc`)
 * would call back into JavaScript from a driver thread, which koffi queues behind the event loop
 * while the stream waits on it, and which may make no driver calls; `cuEventSynchronize` through
 * koffi's asynchronous calls would hold a thread of libuv's small pool (file system, DNS, zlib
 * share it) for every launch in flight. A query is one short driver call on the main thread.
 */

/** CUDA_ERROR_NOT_READY: the work queried is still running. */
export const NOT_READY = 600;

/** Polls on the next turns first (short kernels), then every millisecond (long ones). */
const IMMEDIATE_POLLS = 64;

/** Resolves with `query`'s first result that is not NOT_READY (CUDA_SUCCESS or an error code). */
export function whenReady(query: () => number): Promise<number> {
  return new Promise((resolve, reject) => {
    let polls = 0;
    const poll = () => {
      let code: number;
      try {
        code = query();
      } catch (error) {
        reject(error);
        return;
      }
      if (code !== NOT_READY) resolve(code);
      else if (++polls < IMMEDIATE_POLLS) setImmediate(poll);
      else setTimeout(poll, 1);
    };
    poll();
  });
}
