/**
 * The reference runner's account of a block's asynchronous copies (`gpu.copyAsync`), to find the
 * reads that would come too early on a GPU. The runner copies at once, so such a read gets the
 * right value here and stale data on the hardware; this says so instead. A thread may read what
 * a copy wrote once the copy's thread has waited for its group (`gpu.copyAsyncWait`), and, if it
 * is not that thread, once a barrier has passed since that wait.
 *
 * Copies are 16 bytes at 16-byte aligned places, so the account keeps one entry per 16 bytes of
 * shared memory (of its `ArrayBuffer`, which every view of it shares). Reads from threads that
 * have not reached the copy yet, as the runner runs threads in turn, are not seen: that is a
 * missing barrier, which the runner does not find for plain stores either.
 */

/** A copy into 16 bytes: whose, and how many barriers the block had passed when it was waited for. */
interface Copy {
  readonly thread: number;
  waited?: number;
}

/** A thread's copies not yet waited for: those since its last commit, and its committed groups. */
interface ThreadCopies {
  open: Copy[];
  readonly groups: Copy[][];
}

/** Which thread a copy or read is from: its linear index in the block, and how to name it. */
export interface CopyThread {
  readonly index: number;
  readonly name: string;
}

export class BlockCopies {
  /** Barriers the block has passed. */
  barriers = 0;
  private readonly chunks = new WeakMap<ArrayBufferLike, Map<number, Copy & { by: string }>>();
  private readonly threads = new Map<number, ThreadCopies>();

  private of(thread: number): ThreadCopies {
    let copies = this.threads.get(thread);
    if (!copies) {
      copies = { open: [], groups: [] };
      this.threads.set(thread, copies);
    }
    return copies;
  }

  /** A copy by `thread` into the 16 bytes of `buffer` from `byte`. */
  start(thread: CopyThread, buffer: ArrayBufferLike, byte: number): void {
    let chunks = this.chunks.get(buffer);
    if (!chunks) {
      chunks = new Map();
      this.chunks.set(buffer, chunks);
    }
    const copy = { thread: thread.index, by: thread.name };
    chunks.set(byte >> 4, copy);
    this.of(thread.index).open.push(copy);
  }

  commit(thread: number): void {
    const copies = this.of(thread);
    copies.groups.push(copies.open);
    copies.open = [];
  }

  /** `gpu.copyAsyncWait(pending)`: every group of the thread but its newest `pending` has arrived. */
  wait(thread: number, pending: number): void {
    const { groups } = this.of(thread);
    for (const group of groups.splice(0, Math.max(groups.length - Math.max(pending, 0), 0)))
      for (const copy of group) copy.waited = this.barriers;
  }

  /** Why `reader` may not yet read the byte at `byte` of `buffer`, or undefined. */
  check(reader: CopyThread, buffer: ArrayBufferLike, byte: number): string | undefined {
    const chunks = this.chunks.get(buffer);
    const copy = chunks?.get(byte >> 4);
    if (!copy) return undefined;
    const own = copy.thread === reader.index;
    if (copy.waited !== undefined && (own || this.barriers > copy.waited)) {
      // Seen by every thread from now on.
      if (this.barriers > copy.waited) chunks?.delete(byte >> 4);
      return undefined;
    }
    const whose = own ? 'its own gpu.copyAsync' : `the gpu.copyAsync of thread ${copy.by}`;
    const rule = own
      ? 'wait for it first (gpu.copyAsyncCommit, then gpu.copyAsyncWait)'
      : 'that thread must wait for it (gpu.copyAsyncWait), then both pass a gpu.barrier()';
    return `a shared element is read before ${whose} that writes it has arrived on a GPU: ${rule}`;
  }
}
