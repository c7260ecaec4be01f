/**
 * The `.metallib` container, written and read by gpuc (no Apple tools).
 *
 * Layout (all little-endian, no alignment between sections): an 88-byte header (magic `MTLB`,
 * file version with the macOS flag, file type, platform, OS version, total size, then offset and
 * size of the function list, public metadata, private metadata and bitcode sections); the
 * function list (a count, then per function a group: its own size, tagged fields `NAME`, `TYPE`,
 * `HASH`, `OFFT`, `VERS`, `MDSZ`, then `ENDT`); the header extension (tags up to `ENDT`, here a
 * `UUID`); one empty public and one empty private metadata group per function; and the modules,
 * each LLVM's wrapped bitcode padded to 16 bytes. `HASH` is the SHA-256 of the module as stored,
 * which Metal checks. No reflection list is written: the loader accepts libraries without one.
 */
import { createHash } from 'node:crypto';

/** What a function of the library is (the `TYPE` tag). */
export const FunctionType = Object.freeze({ vertex: 0, fragment: 1, kernel: 2 });

/** The versions a library records for a macOS release it targets. */
export interface MetallibVersions {
  /** The container's format version. */
  readonly file: readonly [number, number, number];
  /** The AIR version of the modules and the Metal language version they claim. */
  readonly air: readonly [number, number];
  readonly language: readonly [number, number];
}

/** What Apple's tools write for each macOS release gpuc targets. */
export const METALLIB_VERSIONS: Readonly<Record<number, MetallibVersions>> = Object.freeze({
  13: { file: [1, 2, 7], air: [2, 5], language: [3, 0] },
  14: { file: [1, 2, 7], air: [2, 6], language: [3, 1] },
  15: { file: [1, 2, 8], air: [2, 7], language: [3, 2] },
});

/** A function to put in a library. */
export interface LibraryFunction {
  readonly name: string;
  readonly type?: number;
  /** Its module as wrapped AIR bitcode (what emitAIR returns). */
  readonly bitcode: Uint8Array;
}

/** A function read back from a library. */
export interface ReadFunction {
  readonly name: string;
  readonly type: number;
  readonly hash: Buffer;
  readonly air: readonly [number, number];
  readonly language: readonly [number, number];
  /** The module as stored (wrapper and padding included). */
  readonly module: Buffer;
}

/** A library read back. */
export interface Metallib {
  readonly file: readonly [number, number, number];
  readonly macos: boolean;
  readonly fileType: number;
  readonly platform: number;
  readonly os: readonly [number, number];
  readonly uuid: Buffer | undefined;
  readonly functions: readonly ReadFunction[];
}

const HEADER_BYTES = 88;
const MAGIC = 'MTLB';
const MACOS_FLAG = 0x8000;
const PLATFORM_MACOS_64 = 0x81;
const WRAPPER_MAGIC = 0x0b17c0de;
/** The CPU type Apple's compiler writes in the wrapper of AIR modules. */
const WRAPPER_CPU = 0xffffffff;

/** The versions for a macOS release (`major.minor`); a clear error for one gpuc does not target. */
export function metallibVersions(macos: string): MetallibVersions {
  const major = Number(macos.split('.')[0]);
  const versions = METALLIB_VERSIONS[major];
  if (!versions) {
    const known = Object.keys(METALLIB_VERSIONS).join(', ');
    throw new RangeError(`gpuc: Metal libraries target macOS ${known}; not ${macos}`);
  }
  return versions;
}

/** A module blob as stored: LLVM's wrapped bitcode, zero-padded to a multiple of 16 bytes. */
function stored(bitcode: Uint8Array): Buffer {
  const view = Buffer.from(bitcode.buffer, bitcode.byteOffset, bitcode.byteLength);
  if (view.length < 20 || view.readUInt32LE(0) !== WRAPPER_MAGIC)
    throw new Error('gpuc: a metallib module must be wrapped bitcode (emitAIR and wrapBitcode wrap it)');
  const padded = Buffer.alloc(Math.ceil(view.length / 16) * 16);
  view.copy(padded);
  return padded;
}

/** Writes tags (4-char code, u16 length, payload) and the closing `ENDT`. */
function tags(fields: readonly (readonly [string, Buffer])[]): Buffer {
  const parts: Buffer[] = [];
  for (const [code, payload] of fields) {
    const head = Buffer.alloc(6);
    head.write(code, 0, 'latin1');
    head.writeUInt16LE(payload.length, 4);
    parts.push(head, payload);
  }
  parts.push(Buffer.from('ENDT', 'latin1'));
  return Buffer.concat(parts);
}

/** A group: its size (counting itself), then tags. */
function group(fields: readonly (readonly [string, Buffer])[]): Buffer {
  const body = tags(fields);
  const size = Buffer.alloc(4);
  size.writeUInt32LE(body.length + 4);
  return Buffer.concat([size, body]);
}

const u8 = (n: number) => Buffer.from([n]);
const u16s = (...values: number[]) => {
  const b = Buffer.alloc(values.length * 2);
  values.forEach((v, i) => {
    b.writeUInt16LE(v, i * 2);
  });
  return b;
};
const u64s = (...values: number[]) => {
  const b = Buffer.alloc(values.length * 8);
  values.forEach((v, i) => {
    b.writeBigUInt64LE(BigInt(v), i * 8);
  });
  return b;
};

/** A UUID from the content (version 4 and variant bits set), so builds are reproducible. */
function contentUuid(modules: readonly Buffer[]): Buffer {
  const hash = createHash('sha256');
  for (const m of modules) hash.update(m);
  const uuid = hash.digest().subarray(0, 16);
  uuid[6] = ((uuid[6] as number) & 0x0f) | 0x40;
  uuid[8] = ((uuid[8] as number) & 0x3f) | 0x80;
  return uuid;
}

/** Writes a library of functions for a macOS release (`major.minor`). */
export function writeMetallib(functions: readonly LibraryFunction[], macos: string): Buffer {
  if (functions.length === 0) throw new Error('gpuc: a metallib needs at least one function');
  const versions = metallibVersions(macos);
  const [osMajor, osMinor] = macos.split('.').map(Number) as [number, number];
  const modules = functions.map((f) => stored(f.bitcode));
  const emptyGroup = group([]);
  let moduleOffset = 0;
  const groups = functions.map((f, i) => {
    const module = modules[i] as Buffer;
    const name = Buffer.from(`${f.name}\0`, 'utf8');
    const entry = group([
      ['NAME', name],
      ['TYPE', u8(f.type ?? FunctionType.kernel)],
      ['HASH', createHash('sha256').update(module).digest()],
      ['OFFT', u64s(i * emptyGroup.length, i * emptyGroup.length, moduleOffset)],
      ['VERS', u16s(...versions.air, ...versions.language)],
      ['MDSZ', u64s(module.length)],
    ]);
    moduleOffset += module.length;
    return entry;
  });
  const count = Buffer.alloc(4);
  count.writeUInt32LE(functions.length);
  const list = Buffer.concat([count, ...groups]);
  const extension = tags([['UUID', contentUuid(modules)]]);
  const publicMetadata = Buffer.concat(functions.map(() => emptyGroup));
  const privateMetadata = publicMetadata;
  const bitcode = Buffer.concat(modules);

  const listOffset = HEADER_BYTES;
  const publicOffset = listOffset + list.length + extension.length;
  const privateOffset = publicOffset + publicMetadata.length;
  const bitcodeOffset = privateOffset + privateMetadata.length;
  const total = bitcodeOffset + bitcode.length;

  const header = Buffer.alloc(HEADER_BYTES);
  header.write(MAGIC, 0, 'latin1');
  header.writeUInt16LE(MACOS_FLAG | (versions.file[0] as number), 4);
  header.writeUInt16LE(versions.file[1] as number, 6);
  header.writeUInt16LE(versions.file[2] as number, 8);
  header.writeUInt8(0, 10); // an executable library
  header.writeUInt8(PLATFORM_MACOS_64, 11);
  header.writeUInt16LE(osMajor, 12);
  header.writeUInt8(osMinor ?? 0, 14);
  header.writeUInt8(0, 15);
  u64s(
    total,
    listOffset,
    list.length - 4, // the function list's size leaves out its count
    publicOffset,
    publicMetadata.length,
    privateOffset,
    privateMetadata.length,
    bitcodeOffset,
    bitcode.length,
  ).copy(header, 16);
  return Buffer.concat([header, list, extension, publicMetadata, privateMetadata, bitcode]);
}

/** A reader over a library's bytes that names what is wrong. */
class Reader {
  constructor(private readonly bytes: Buffer) {}

  need(offset: number, length: number, what: string): void {
    if (offset < 0 || offset + length > this.bytes.length)
      throw new Error(`gpuc: the metallib is truncated: ${what} runs past its end`);
  }

  u64(offset: number, what: string): number {
    this.need(offset, 8, what);
    const value = this.bytes.readBigUInt64LE(offset);
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error(`gpuc: the metallib's ${what} is too large`);
    return Number(value);
  }

  /** Tags from `offset` to `ENDT`: their codes and payloads, and where the list ends. */
  tags(offset: number, what: string): { fields: Map<string, Buffer>; end: number } {
    const fields = new Map<string, Buffer>();
    let at = offset;
    for (;;) {
      this.need(at, 4, what);
      const code = this.bytes.toString('latin1', at, at + 4);
      if (code === 'ENDT') return { fields, end: at + 4 };
      this.need(at, 6, what);
      const length = this.bytes.readUInt16LE(at + 4);
      this.need(at + 6, length, `${what}'s ${code}`);
      fields.set(code, this.bytes.subarray(at + 6, at + 6 + length));
      at += 6 + length;
    }
  }

  /** A group (size counting itself, tags): its tags, checked against its size. */
  group(offset: number, what: string): Map<string, Buffer> {
    this.need(offset, 4, what);
    const size = this.bytes.readUInt32LE(offset);
    const { fields, end } = this.tags(offset + 4, what);
    if (end - offset !== size)
      throw new Error(`gpuc: the metallib's ${what} says ${size} bytes, holds ${end - offset}`);
    return fields;
  }
}

function field(fields: Map<string, Buffer>, code: string, length: number, what: string): Buffer {
  const value = fields.get(code);
  if (!value || (length > 0 && value.length !== length))
    throw new Error(`gpuc: the metallib's ${what} has no valid ${code}`);
  return value;
}

/** Reads a library back, checking its size, sections and each module's hash. */
export function readMetallib(bytes: Buffer): Metallib {
  const r = new Reader(bytes);
  r.need(0, HEADER_BYTES, 'the header');
  if (bytes.toString('latin1', 0, 4) !== MAGIC) throw new Error('gpuc: not a metallib (no MTLB magic)');
  const total = r.u64(16, 'file size');
  if (total !== bytes.length)
    throw new Error(`gpuc: the metallib says it is ${total} bytes but is ${bytes.length}`);
  const major = bytes.readUInt16LE(4);
  const section = (at: number, what: string) => {
    const offset = r.u64(at, `${what} offset`);
    const size = r.u64(at + 8, `${what} size`);
    r.need(offset, size, what);
    return { offset, size };
  };
  const list = section(24, 'function list');
  const publicMetadata = section(40, 'public metadata');
  const privateMetadata = section(56, 'private metadata');
  const modules = section(72, 'bitcode');
  r.need(list.offset, 4, 'function count');
  const count = bytes.readUInt32LE(list.offset);
  const functions: ReadFunction[] = [];
  let at = list.offset + 4;
  for (let i = 0; i < count; i++) {
    const what = `function ${i}`;
    const groupStart = at;
    const fields = r.group(at, what);
    at = groupStart + bytes.readUInt32LE(groupStart);
    const nameBytes = field(fields, 'NAME', 0, what);
    const name = nameBytes.toString('utf8', 0, Math.max(0, nameBytes.indexOf(0)));
    const offsets = field(fields, 'OFFT', 24, what);
    const size = field(fields, 'MDSZ', 8, what);
    const versions = field(fields, 'VERS', 8, what);
    const start = modules.offset + Number(offsets.readBigUInt64LE(16));
    const length = Number(size.readBigUInt64LE(0));
    if (start + length > modules.offset + modules.size)
      throw new Error(`gpuc: the metallib's ${name} module runs past the bitcode section`);
    const module = bytes.subarray(start, start + length);
    const hash = field(fields, 'HASH', 32, what);
    if (!createHash('sha256').update(module).digest().equals(hash))
      throw new Error(`gpuc: the metallib's ${name} module does not match its hash`);
    for (const [md, name2] of [
      [publicMetadata, 'public'],
      [privateMetadata, 'private'],
    ] as const) {
      const offset = md.offset + Number(offsets.readBigUInt64LE(name2 === 'public' ? 0 : 8));
      if (offset >= md.offset + md.size) throw new Error(`gpuc: ${name}'s ${name2} metadata is missing`);
      r.group(offset, `${name}'s ${name2} metadata`);
    }
    functions.push({
      name,
      type: field(fields, 'TYPE', 1, what).readUInt8(0),
      hash: Buffer.from(hash),
      air: [versions.readUInt16LE(0), versions.readUInt16LE(2)],
      language: [versions.readUInt16LE(4), versions.readUInt16LE(6)],
      module: Buffer.from(module),
    });
  }
  if (at - list.offset - 4 !== list.size)
    throw new Error(
      `gpuc: the metallib's function list is ${at - list.offset - 4} bytes, its header says ${list.size}`,
    );
  const extension = at < publicMetadata.offset ? r.tags(at, 'header extension').fields : new Map();
  return {
    file: [major & ~MACOS_FLAG, bytes.readUInt16LE(6), bytes.readUInt16LE(8)],
    macos: (major & MACOS_FLAG) !== 0,
    fileType: bytes.readUInt8(10) & 0x7f,
    platform: bytes.readUInt8(11),
    os: [bytes.readUInt16LE(12), bytes.readUInt8(14)],
    uuid: extension.get('UUID'),
    functions,
  };
}

/** Wraps bitcode as Apple's tools store AIR: magic, version, offset, size, CPU type. */
export function wrapBitcode(bitcode: Uint8Array): Buffer {
  const header = Buffer.alloc(20);
  header.writeUInt32LE(WRAPPER_MAGIC, 0);
  header.writeUInt32LE(0, 4);
  header.writeUInt32LE(20, 8);
  header.writeUInt32LE(bitcode.length, 12);
  header.writeUInt32LE(WRAPPER_CPU, 16);
  return Buffer.concat([header, bitcode]);
}

/** The raw bitcode inside a stored module (past LLVM's wrapper). */
export function unwrapBitcode(module: Buffer): Buffer {
  if (module.readUInt32LE(0) !== WRAPPER_MAGIC) return module;
  const offset = module.readUInt32LE(8);
  return module.subarray(offset, offset + module.readUInt32LE(12));
}
