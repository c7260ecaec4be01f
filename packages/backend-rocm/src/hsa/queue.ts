/**
 * HSA user-mode queues: a ring of AQL packets the GPU's packet processor reads, a doorbell
 * signal that tells it new packets are there, and (gpuc's own) one completion signal per queue
 * that counts the dispatches still running: each dispatch adds one before it is submitted, the
 * packet processor subtracts one when the kernel completes, and waiting for the queue is
 * waiting for zero. Every packet has its barrier bit set, so dispatches run in order. Kernel
 * arguments for the dispatches in flight come from one kernarg arena per queue, reused from
 * the start once the queue is idle.
 */
import { koffi } from '@gpuc/core/host';
import { QueueType, SignalCondition, STRUCTS, SystemInfo, WaitState } from './abi.js';
import { call, invoke } from './api.js';
import { type HostMemory, RocmDevice } from './device.js';
import { type DispatchPacket, encodeDispatchPacket, PACKET_BYTES, writePacket } from './dispatch.js';

/** How long a wait for the GPU may take before gpuc gives up, unless told otherwise. */
export const DEFAULT_TIMEOUT_MS = 60_000;

/** Packets in a queue gpuc creates (at most the agent's maximum). */
const QUEUE_PACKETS = 1024;

/** Bytes of kernel arguments a queue keeps for the dispatches in flight (grown on demand). */
const ARENA_BYTES = 64 * 1024;

/** Kernel arguments must start on (at least) a 16-byte boundary. */
const KERNARG_ALIGN = 16;

let ticksPerMs: number | undefined;

/** The runtime's timestamp ticks per millisecond (wait timeouts are in ticks). */
function timestampTicksPerMs(): number {
  if (ticksPerMs === undefined) {
    const frequency = Buffer.alloc(8);
    call('hsa_system_get_info', SystemInfo.TIMESTAMP_FREQUENCY, frequency);
    ticksPerMs = Number(frequency.readBigUInt64LE(0)) / 1000;
  }
  return ticksPerMs;
}

/** Kernel-argument memory for one dispatch. */
export interface KernargSpace {
  /** Its address, for the packet. */
  readonly address: bigint;
  /** A view of the arena, and where in it the space starts. */
  readonly view: DataView;
  readonly offset: number;
}

/** An HSA queue on a GPU, with its completion signal and kernarg arena. */
export class RocmQueue {
  private static readonly defaults = new Map<RocmDevice, RocmQueue>();

  /** The queue gpuc launches on when none is given (one per device). */
  static default(device = RocmDevice.get()): RocmQueue {
    let queue = RocmQueue.defaults.get(device);
    if (!queue) {
      queue = new RocmQueue(device);
      RocmQueue.defaults.set(device, queue);
    }
    return queue;
  }

  /** The `hsa_queue_t *`, as koffi passes it back to the runtime. */
  private readonly handle: unknown;
  /** Its address (the `hidden_queue_ptr` argument). */
  readonly address: bigint;
  /** Packets in the ring. */
  readonly size: number;
  private readonly ring: Uint32Array;
  private readonly doorbell: { handle: bigint };
  private readonly completion: { handle: bigint };
  private arena: HostMemory;
  private arenaView: DataView;
  private used = 0;
  private destroyed = false;

  constructor(
    readonly device: RocmDevice,
    size = Math.min(QUEUE_PACKETS, device.queueMaxSize),
  ) {
    const queue: [unknown] = [null];
    // No error callback: the runtime would call it on its own thread, which koffi can only
    // serve once JavaScript returns to the event loop, while gpuc is waiting synchronously.
    const noHint = 0xffffffff;
    call('hsa_queue_create', device.agent, size, QueueType.MULTI, null, null, noHint, noHint, queue);
    this.handle = queue[0];
    const ffi = koffi();
    this.address = ffi.address(this.handle);
    const fields = ffi.decode(this.handle, STRUCTS.hsa_queue_t) as {
      base_address: unknown;
      doorbell_signal: { handle: number | bigint };
      size: number;
    };
    this.size = fields.size;
    this.ring = new Uint32Array(ffi.view(fields.base_address, this.size * PACKET_BYTES));
    this.doorbell = { handle: BigInt(fields.doorbell_signal.handle) };
    const signal: Record<string, unknown> = {};
    call('hsa_signal_create', 0, 0, null, signal);
    this.completion = { handle: BigInt(signal.handle as number | bigint) };
    this.arena = device.allocateHost(ARENA_BYTES, 'kernarg');
    this.arenaView = new DataView(
      this.arena.bytes.buffer,
      this.arena.bytes.byteOffset,
      this.arena.bytes.length,
    );
  }

  private live(): void {
    if (this.destroyed) throw new Error('gpuc: this queue was destroyed');
  }

  /**
   * Kernel-argument memory for one dispatch, valid until the queue is next synchronised. When
   * the arena is full this waits for the dispatches in flight and starts it again.
   */
  kernargs(bytes: number, align: number, timeoutMs = DEFAULT_TIMEOUT_MS): KernargSpace {
    this.live();
    const boundary = Math.max(KERNARG_ALIGN, align);
    let offset = Math.ceil(this.used / boundary) * boundary;
    if (offset + bytes > this.arena.bytes.length) {
      this.synchronize(timeoutMs);
      offset = 0;
      if (bytes > this.arena.bytes.length) {
        this.device.free(this.arena.address);
        this.arena = this.device.allocateHost(Math.max(bytes, 2 * this.arena.bytes.length), 'kernarg');
        this.arenaView = new DataView(
          this.arena.bytes.buffer,
          this.arena.bytes.byteOffset,
          this.arena.bytes.length,
        );
      }
    }
    this.used = offset + bytes;
    return { address: this.arena.address + BigInt(offset), view: this.arenaView, offset };
  }

  /** Submits a kernel dispatch (with this queue's completion signal) and rings the doorbell. */
  dispatch(packet: Omit<DispatchPacket, 'completionSignal'>, timeoutMs = DEFAULT_TIMEOUT_MS): void {
    this.live();
    const bytes = encodeDispatchPacket({ ...packet, completionSignal: this.completion.handle });
    const index = BigInt(invoke('hsa_queue_add_write_index_screlease', this.handle, 1n) as number | bigint);
    // The slot is free once the packet processor has read the packet a ring's length back.
    const deadline = performance.now() + timeoutMs;
    while (
      index - BigInt(invoke('hsa_queue_load_read_index_scacquire', this.handle) as number | bigint) >=
      this.size
    )
      if (performance.now() > deadline)
        throw new Error(`gpuc: the GPU's queue stayed full for ${timeoutMs} ms`);
    invoke('hsa_signal_add_screlease', this.completion, 1n);
    writePacket(this.ring, Number(index % BigInt(this.size)), bytes);
    invoke('hsa_signal_store_screlease', this.doorbell, index);
  }

  /** Whether every dispatch on the queue has completed (a destroyed queue's had). */
  get idle(): boolean {
    return (
      this.destroyed || BigInt(invoke('hsa_signal_load_scacquire', this.completion) as number | bigint) < 1n
    );
  }

  /** Waits until every dispatch on the queue has completed (at most `timeoutMs`). */
  synchronize(timeoutMs = DEFAULT_TIMEOUT_MS): void {
    this.live();
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const left = deadline - performance.now();
      // Wait in slices of at most 100 ms so that the deadline is kept whatever the runtime does.
      const hint = BigInt(Math.ceil(Math.max(1, Math.min(left, 100)) * timestampTicksPerMs()));
      const value = BigInt(
        invoke(
          'hsa_signal_wait_scacquire',
          this.completion,
          SignalCondition.LT,
          1n,
          hint,
          WaitState.BLOCKED,
        ) as number | bigint,
      );
      if (value < 1n) break;
      if (performance.now() >= deadline)
        throw new Error(
          `gpuc: the GPU did not finish within ${timeoutMs} ms (${value} dispatches still running)`,
        );
    }
    this.used = 0;
    this.device.destroyRetired();
  }

  /** Destroys the queue and frees its signal and arena (after waiting for it). */
  destroy(): void {
    if (this.destroyed) return;
    this.synchronize();
    this.destroyed = true;
    if (RocmQueue.defaults.get(this.device) === this) RocmQueue.defaults.delete(this.device);
    call('hsa_queue_destroy', this.handle);
    call('hsa_signal_destroy', this.completion);
    this.device.free(this.arena.address);
  }
}
