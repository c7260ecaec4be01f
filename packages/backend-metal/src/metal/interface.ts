/**
 * A compiled Metal kernel's interface with the host: what each buffer index holds, whether the
 * kernel takes a heap or dynamic threadgroup memory, and the strings its exception reports name
 * by index. The compiler attaches it to the kernel (`!gpuc.metal`, one JSON string, removed
 * from the bitcode it ships) and the host reads it from the compile result's IR; nothing here needs
 * LLVM.
 *
 * Buffer indices: the kernel's arguments in order (each its value's bytes, arrays as
 * `{ u64 device address, i32 length, i32 extents... }`), then the status buffer, then the heap
 * when the kernel allocates. Dynamic threadgroup memory is threadgroup index 0.
 */

/** The format of the interface record. */
export const INTERFACE_VERSION = 1;

/** The metadata kind that attaches the interface to the kernel in the compiler's IR. */
export const INTERFACE_METADATA = 'gpuc.metal';

export interface MetalKernelInterface {
  readonly version: typeof INTERFACE_VERSION;
  /** The kernel's function name in the library. */
  readonly entry: string;
  /** Buffer indices 0 to `arguments - 1` are the kernel's arguments. */
  readonly arguments: number;
  /** The buffer index of the status buffer ({@link STATUS_WORDS}). */
  readonly status: number;
  /** The buffer index of the heap ({@link HEAP_HEADER_BYTES}), or null when the kernel does not allocate. */
  readonly heap: number | null;
  /** The threadgroup index of dynamic threadgroup memory, or null when the kernel has none. */
  readonly threadgroupMemory: number | null;
  /** The strings exception reports name (a report's index `i` means `strings[i - 1]`). */
  readonly strings: readonly string[];
}

/**
 * The status buffer: 32-bit words (Metal's atomics are 32-bit). The first is claimed once, by
 * compare-and-swap, with the throwing thread's linear index in the grid plus one; only that
 * thread writes the rest, then `signalled`. The host clears it and writes the launch's dynamic
 * threadgroup bytes before each dispatch.
 */
export const STATUS_WORDS = Object.freeze({
  owner: 0,
  reason: 1,
  message: 2,
  function: 3,
  file: 4,
  line: 5,
  signalled: 6,
  threadgroup: 7,
  thread: 8,
  /** Written by the host: the bytes of dynamic threadgroup memory the dispatch gives. */
  dynamicThreadgroupBytes: 9,
  count: 10,
});

/**
 * The heap buffer: a u32 bump offset (bytes used, advanced atomically by `malloc`) and the u32
 * capacity, then the allocations from byte {@link HEAP_HEADER_BYTES} on, each 16-byte aligned.
 */
export const HEAP_HEADER_BYTES = 16;

/** Undoes LLVM's escapes in a printed metadata string (`\XX` hex bytes). */
function unescapeLLVM(text: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\' && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(text[i] as string, 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

/** The interface recorded in a compile result's LLVM IR; a clear error where there is none. */
export function readInterface(ir: string): MetalKernelInterface {
  const attached = new RegExp(`^define .*!${INTERFACE_METADATA.replace('.', '\\.')} !(\\d+)`, 'm').exec(ir);
  const node = attached ? new RegExp(`^!${attached[1]} = !\\{!"(.*)"\\}$`, 'm').exec(ir) : null;
  if (!node) throw new Error('gpuc: the IR has no Metal kernel interface (was it compiled for Metal?)');
  const value = JSON.parse(unescapeLLVM(node[1] as string)) as MetalKernelInterface;
  if (value.version !== INTERFACE_VERSION)
    throw new Error(
      `gpuc: Metal kernel interface version ${value.version}; this gpuc reads ${INTERFACE_VERSION}`,
    );
  return value;
}
