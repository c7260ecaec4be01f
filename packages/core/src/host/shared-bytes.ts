/**
 * Which of a launch's host arrays must share one device copy. In JavaScript, views of one
 * ArrayBuffer whose bytes overlap (two subarrays of a buffer, a Float32Array and an Int32Array
 * over the same bytes) are one memory: a store through one is read through the other. A device
 * copy per typed array would split that memory in two, and the last copy read back would win, so
 * overlapping views are copied once, as the bytes they span together, and each passes as an
 * address inside that copy. Views that do not overlap keep a copy each (the bytes between them
 * are not copied).
 *
 * Kernels assume every array starts at a multiple of `ARRAY_ALIGNMENT` bytes (vector loads rely
 * on it), which one copy can give overlapping views only when their offsets differ by a multiple
 * of it; other overlapping views are a `bad-argument` error naming both.
 */
import { ErrorCode } from '../frontend/errors.js';
import { ARRAY_ALIGNMENT, type KernelSignature, parameterOf } from './check-arguments.js';
import { LaunchError } from './launch-error.js';

/** A host array a launch passes, and the argument (0-based) it comes from. */
export interface HostArray {
  readonly host: ArrayBufferView;
  readonly argument: number;
}

/** One device copy: the host bytes it mirrors, and the arrays that live in it, at byte offsets. */
export interface SharedCopy {
  /** What is uploaded and read back: a typed array itself, or the bytes overlapping views span. */
  readonly host: ArrayBufferView;
  readonly members: readonly { readonly host: ArrayBufferView; readonly offset: number }[];
}

const end = (view: ArrayBufferView) => view.byteOffset + view.byteLength;

/**
 * The device copies a launch's host arrays need (each distinct typed array once): overlapping
 * views of one buffer in one copy of the bytes they span.
 */
export function planCopies(
  arrays: readonly HostArray[],
  signature: Omit<KernelSignature, 'argTypes'>,
): SharedCopy[] {
  const first = new Map<ArrayBufferView, HostArray>();
  for (const array of arrays) if (!first.has(array.host)) first.set(array.host, array);
  // By buffer, then by offset: overlapping views are then runs in which each starts before the
  // run's furthest end so far.
  const byBuffer = new Map<ArrayBufferLike, HostArray[]>();
  for (const array of first.values()) {
    const list = byBuffer.get(array.host.buffer);
    if (list) list.push(array);
    else byBuffer.set(array.host.buffer, [array]);
  }
  const copies: SharedCopy[] = [];
  for (const list of byBuffer.values()) {
    list.sort((a, b) => a.host.byteOffset - b.host.byteOffset);
    let run: HostArray[] = [];
    let runEnd = 0;
    const close = () => {
      if (run.length > 0) copies.push(copyOf(run, signature));
      run = [];
    };
    for (const array of list) {
      // Empty views hold no bytes, so they share none.
      if (array.host.byteLength === 0) {
        copies.push(copyOf([array], signature));
        continue;
      }
      if (run.length > 0 && array.host.byteOffset >= runEnd) close();
      run.push(array);
      runEnd = Math.max(run.length === 1 ? 0 : runEnd, end(array.host));
    }
    close();
  }
  return copies;
}

/** One copy for a run of overlapping views (sorted by offset), or for a lone typed array. */
function copyOf(run: readonly HostArray[], signature: Omit<KernelSignature, 'argTypes'>): SharedCopy {
  const [lead] = run as [HostArray, ...HostArray[]];
  if (run.length === 1) return { host: lead.host, members: [{ host: lead.host, offset: 0 }] };
  const start = lead.host.byteOffset;
  const misplaced = run.find((a) => (a.host.byteOffset - start) % ARRAY_ALIGNMENT !== 0);
  if (misplaced) {
    const parameter = parameterOf(signature, misplaced.argument);
    throw new LaunchError(
      ErrorCode.badArgument,
      `${signature.name}'s ${parameter.text} overlaps its ${parameterOf(signature, lead.argument).text} in one ArrayBuffer, ${misplaced.host.byteOffset - start} bytes after its start: overlapping views share one device copy, in which every array must start at a multiple of ${ARRAY_ALIGNMENT} bytes; pass views whose offsets differ by a multiple of ${ARRAY_ALIGNMENT} bytes, or copies`,
      { index: parameter.index, name: parameter.name },
    );
  }
  const spanEnd = Math.max(...run.map((a) => end(a.host)));
  return {
    host: new Uint8Array(lead.host.buffer, start, spanEnd - start),
    members: run.map((a) => ({ host: a.host, offset: a.host.byteOffset - start })),
  };
}
