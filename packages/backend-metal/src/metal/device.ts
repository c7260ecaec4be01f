/**
 * Metal GPUs: the system's default device (or one of all the devices Metal lists), what it
 * allows a threadgroup, and the command queue gpuc submits to on it. Nothing is loaded until a
 * device is asked for; `hasMetalDevice` answers false off macOS without loading anything.
 */
import { type Id, NO_METAL, objc } from './objc.js';

/** An Apple GPU (an `MTLDevice`) and its command queue. */
export class MetalDevice {
  private static readonly devices = new Map<number | 'default', MetalDevice>();
  private static nextId = 0;

  /**
   * The system's default GPU, or the one with this index among all Metal lists (default:
   * `GPUC_METAL_DEVICE` when set).
   */
  static get(index: number | undefined = envIndex()): MetalDevice {
    const key = index ?? 'default';
    let device = MetalDevice.devices.get(key);
    if (!device) {
      device = new MetalDevice(openDevice(index));
      MetalDevice.devices.set(key, device);
    }
    return device;
  }

  /** A number telling this device apart from the others this process opened. */
  readonly id = MetalDevice.nextId++;
  /** The device's name (`Apple M2 Max`). */
  readonly name: string;
  /** The most threads a threadgroup may have along each axis. */
  readonly maxThreadsPerThreadgroup: readonly [number, number, number];
  /** Bytes of threadgroup memory a threadgroup may use, static and dynamic together. */
  readonly maxThreadgroupMemoryLength: number;
  /** Whether the GPU shares memory with the CPU (Apple silicon). */
  readonly hasUnifiedMemory: boolean;
  /** The command queue launches go through. */
  readonly queue: Id;

  private constructor(
    /** The `MTLDevice`. */
    readonly handle: Id,
  ) {
    const { msg, sel, jsString, responds } = objc();
    this.name = jsString(msg.id(handle, sel('name')));
    const max = msg.size(handle, sel('maxThreadsPerThreadgroup'));
    this.maxThreadsPerThreadgroup = [max.width, max.height, max.depth].map(Number) as [
      number,
      number,
      number,
    ];
    this.maxThreadgroupMemoryLength = Number(msg.u64(handle, sel('maxThreadgroupMemoryLength')));
    this.hasUnifiedMemory = responds(handle, 'hasUnifiedMemory')
      ? Number(msg.u64(handle, sel('hasUnifiedMemory'))) % 256 !== 0
      : false;
    const queue = msg.id(handle, sel('newCommandQueue'));
    if (!queue) throw new Error(`gpuc: Metal could not make a command queue on ${this.name}`);
    this.queue = queue;
  }
}

/** `GPUC_METAL_DEVICE` as an index, when set. */
function envIndex(): number | undefined {
  const value = process.env.GPUC_METAL_DEVICE;
  return value === undefined || value === '' ? undefined : Number(value);
}

/** The `MTLDevice` (+1): the default one, or one of all by index. */
function openDevice(index: number | undefined): Id {
  const runtime = objc();
  if (index === undefined) {
    const device = runtime.createSystemDefaultDevice();
    if (device) return device;
  }
  const all = runtime.copyAllDevices();
  if (!all) throw new Error(`${NO_METAL}; this Mac has none`);
  try {
    const { msg, sel } = runtime;
    const count = Number(msg.u64(all, sel('count')));
    const at = index ?? 0;
    if (count === 0) throw new Error(`${NO_METAL}; this Mac has none`);
    if (!Number.isInteger(at) || at < 0 || at >= count)
      throw new RangeError(`gpuc: there is no Metal device ${at}; this Mac has ${count}`);
    return runtime.retain(msg.idWithU64(all, sel('objectAtIndex:'), at) as Id);
  } finally {
    runtime.release(all);
  }
}

/** Whether Metal is there and has a GPU; false off macOS without loading anything (never throws). */
export function hasMetalDevice(): boolean {
  if (process.platform !== 'darwin') return false;
  try {
    MetalDevice.get();
    return true;
  } catch {
    return false;
  }
}
