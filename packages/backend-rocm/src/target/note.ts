/**
 * The AMDGPU metadata note of a code object, read in process: the ELF's note sections are walked
 * for the `AMDGPU` note of type `NT_AMDGPU_METADATA`, whose content is one MessagePack map (what
 * `llvm-readelf --notes` prints as YAML), decoded here so reading metadata needs no LLVM tools.
 */

/** `NT_AMDGPU_METADATA`: the note type of code object v3 and later. */
const NT_AMDGPU_METADATA = 32;
const SHT_NOTE = 7;

/** The decoded MessagePack document of a code object's metadata note. */
export function readMetadataNote(codeObject: Uint8Array): Record<string, unknown> {
  const bytes = Buffer.from(codeObject.buffer, codeObject.byteOffset, codeObject.byteLength);
  // ELF64, little-endian: the only form AMDGPU code objects take.
  if (bytes.length < 64 || bytes.toString('latin1', 0, 4) !== '\x7fELF' || bytes[4] !== 2 || bytes[5] !== 1)
    throw new Error('gpuc: not an AMDGPU code object (no 64-bit little-endian ELF header)');
  const sectionsAt = Number(bytes.readBigUInt64LE(0x28));
  const entrySize = bytes.readUInt16LE(0x3a);
  const count = bytes.readUInt16LE(0x3c);
  for (let s = 0; s < count; s++) {
    const header = sectionsAt + s * entrySize;
    if (header + 0x28 > bytes.length) break;
    if (bytes.readUInt32LE(header + 4) !== SHT_NOTE) continue;
    const start = Number(bytes.readBigUInt64LE(header + 0x18));
    const end = start + Number(bytes.readBigUInt64LE(header + 0x20));
    // Each note: name size, content size, type, then the name and the content, each padded to 4.
    for (let at = start; at + 12 <= end; ) {
      const nameSize = bytes.readUInt32LE(at);
      const size = bytes.readUInt32LE(at + 4);
      const type = bytes.readUInt32LE(at + 8);
      const content = at + 12 + align4(nameSize);
      const name = bytes.toString('latin1', at + 12, at + 12 + Math.max(0, nameSize - 1));
      if (name === 'AMDGPU' && type === NT_AMDGPU_METADATA) {
        const document = new MessagePack(bytes.subarray(content, content + size)).value();
        if (document === null || typeof document !== 'object' || Array.isArray(document))
          throw new Error('gpuc: the AMDGPU metadata note is not a map');
        return document as Record<string, unknown>;
      }
      at = content + align4(size);
    }
  }
  throw new Error('gpuc: the code object has no AMDGPU metadata note');
}

const align4 = (n: number) => (n + 3) & ~3;

/** A MessagePack decoder for what metadata notes hold: maps, arrays, strings, numbers, booleans. */
class MessagePack {
  private at = 0;
  constructor(private readonly bytes: Buffer) {}

  value(): unknown {
    const b = this.bytes;
    const tag = this.u8();
    if (tag <= 0x7f) return tag;
    if (tag >= 0xe0) return tag - 0x100;
    if (tag >= 0x80 && tag <= 0x8f) return this.map(tag & 0x0f);
    if (tag >= 0x90 && tag <= 0x9f) return this.array(tag & 0x0f);
    if (tag >= 0xa0 && tag <= 0xbf) return this.string(tag & 0x1f);
    switch (tag) {
      case 0xc0:
        return null;
      case 0xc2:
        return false;
      case 0xc3:
        return true;
      case 0xca:
        return this.read(4, (at) => b.readFloatBE(at));
      case 0xcb:
        return this.read(8, (at) => b.readDoubleBE(at));
      case 0xcc:
        return this.u8();
      case 0xcd:
        return this.read(2, (at) => b.readUInt16BE(at));
      case 0xce:
        return this.read(4, (at) => b.readUInt32BE(at));
      case 0xcf:
        return Number(this.read(8, (at) => b.readBigUInt64BE(at)));
      case 0xd0:
        return this.read(1, (at) => b.readInt8(at));
      case 0xd1:
        return this.read(2, (at) => b.readInt16BE(at));
      case 0xd2:
        return this.read(4, (at) => b.readInt32BE(at));
      case 0xd3:
        return Number(this.read(8, (at) => b.readBigInt64BE(at)));
      case 0xd9:
        return this.string(this.u8());
      case 0xda:
        return this.string(this.read(2, (at) => b.readUInt16BE(at)));
      case 0xdb:
        return this.string(this.read(4, (at) => b.readUInt32BE(at)));
      case 0xdc:
        return this.array(this.read(2, (at) => b.readUInt16BE(at)));
      case 0xdd:
        return this.array(this.read(4, (at) => b.readUInt32BE(at)));
      case 0xde:
        return this.map(this.read(2, (at) => b.readUInt16BE(at)));
      case 0xdf:
        return this.map(this.read(4, (at) => b.readUInt32BE(at)));
      default:
        throw new Error(
          `gpuc: the AMDGPU metadata note holds a MessagePack value of tag 0x${tag.toString(16)}`,
        );
    }
  }

  private read<T>(size: number, at: (offset: number) => T): T {
    if (this.at + size > this.bytes.length) throw new Error('gpuc: the AMDGPU metadata note is cut short');
    const value = at(this.at);
    this.at += size;
    return value;
  }

  private u8(): number {
    return this.read(1, (at) => this.bytes[at] as number);
  }

  private string(size: number): string {
    return this.read(size, (at) => this.bytes.toString('utf8', at, at + size));
  }

  private array(count: number): unknown[] {
    return Array.from({ length: count }, () => this.value());
  }

  private map(count: number): Record<string, unknown> {
    const map: Record<string, unknown> = {};
    for (let i = 0; i < count; i++) {
      const key = this.value();
      map[String(key)] = this.value();
    }
    return map;
  }
}
