/**
 * LLVM's bitstream container: bits packed little-endian into 32-bit words, blocks whose length
 * is patched in when they end, records written plainly (VBR6) or through an abbreviation.
 */

/** How one operand of an abbreviation is encoded. */
export type AbbrevOp =
  | { kind: 'literal'; value: number }
  | { kind: 'fixed' | 'vbr'; width: number }
  | { kind: 'array'; element: AbbrevOp }
  | { kind: 'char6' }
  | { kind: 'blob' };

const ENCODING = { fixed: 1, vbr: 2, array: 3, char6: 4, blob: 5 } as const;
const END_BLOCK = 0;
const ENTER_SUBBLOCK = 1;
const DEFINE_ABBREV = 2;
const UNABBREV_RECORD = 3;
/** The first abbreviation id a block defines. */
export const FIRST_ABBREV = 4;

const CHAR6 = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._';

/** Whether every character of a string has a char6 code. */
export const isChar6 = (text: string): boolean => [...text].every((c) => CHAR6.includes(c));

interface Scope {
  abbrevWidth: number;
  abbrevs: AbbrevOp[][];
  /** Byte offset of the word that receives the block's length. */
  lengthAt: number;
}

/** Writes a bitstream. Values are JS numbers (up to 2^53) or bigints for wider fields. */
export class BitstreamWriter {
  private bytes = new Uint8Array(1024);
  private bitCount = 0;
  private scopes: Scope[] = [{ abbrevWidth: 2, abbrevs: [], lengthAt: -1 }];
  /** Abbreviations BLOCKINFO gives each block id. */
  private blockInfo = new Map<number, AbbrevOp[][]>();

  /** The position in bits. */
  get bit(): number {
    return this.bitCount;
  }

  private ensure(bytes: number): void {
    if (bytes <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(bytes, this.bytes.length * 2));
    grown.set(this.bytes);
    this.bytes = grown;
  }

  /** Writes the low `width` bits of `value`. */
  fixed(value: number | bigint, width: number): void {
    if (typeof value === 'number' && width <= 32 && value >= 0 && value < 2 ** 32) {
      this.small(value, width);
      return;
    }
    let v = BigInt(value);
    if (v < 0n) throw new RangeError(`gpuc: bitstream value ${v} is negative`);
    this.ensure(((this.bitCount + width + 7) >> 3) + 8);
    for (let left = width; left > 0; ) {
      const byte = this.bitCount >> 3;
      const used = this.bitCount & 7;
      const take = Math.min(8 - used, left);
      const bits = Number(v & BigInt((1 << take) - 1));
      this.bytes[byte] = (this.bytes[byte] as number) | (bits << used);
      v >>= BigInt(take);
      this.bitCount += take;
      left -= take;
    }
  }

  /** Up to 32 bits of a number, byte by byte (the common case, without bigints). */
  private small(value: number, width: number): void {
    this.ensure(((this.bitCount + width + 7) >> 3) + 8);
    let v = value;
    for (let left = width; left > 0; ) {
      const byte = this.bitCount >> 3;
      const used = this.bitCount & 7;
      const take = Math.min(8 - used, left);
      this.bytes[byte] = (this.bytes[byte] as number) | ((v & ((1 << take) - 1)) << used);
      v = Math.floor(v / 2 ** take);
      this.bitCount += take;
      left -= take;
    }
  }

  /** Variable-width: chunks of `width - 1` bits, the top bit saying more follow. */
  vbr(value: number | bigint, width: number): void {
    if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) {
      const chunk = 2 ** (width - 1);
      let v = value;
      while (v >= chunk) {
        this.small((v % chunk) + chunk, width);
        v = Math.floor(v / chunk);
      }
      this.small(v, width);
      return;
    }
    let v = BigInt(value);
    if (v < 0n) throw new RangeError(`gpuc: bitstream value ${v} is negative`);
    const chunk = 1n << BigInt(width - 1);
    while (v >= chunk) {
      this.fixed((v & (chunk - 1n)) | chunk, width);
      v >>= BigInt(width - 1);
    }
    this.fixed(v, width);
  }

  /** Pads to a 32-bit boundary. */
  align32(): void {
    const pad = (32 - (this.bitCount & 31)) & 31;
    if (pad) this.fixed(0, pad);
  }

  private get scope(): Scope {
    return this.scopes[this.scopes.length - 1] as Scope;
  }

  enterBlock(id: number, abbrevWidth: number): void {
    this.fixed(ENTER_SUBBLOCK, this.scope.abbrevWidth);
    this.vbr(id, 8);
    this.vbr(abbrevWidth, 4);
    this.align32();
    const lengthAt = this.bitCount >> 3;
    this.fixed(0, 32);
    this.scopes.push({ abbrevWidth, abbrevs: [...(this.blockInfo.get(id) ?? [])], lengthAt });
  }

  endBlock(): void {
    const scope = this.scope;
    if (this.scopes.length === 1) throw new Error('gpuc: no bitstream block to end');
    this.fixed(END_BLOCK, scope.abbrevWidth);
    this.align32();
    this.scopes.pop();
    this.patch32(scope.lengthAt, (this.bitCount >> 3) / 4 - scope.lengthAt / 4 - 1);
  }

  /** Overwrites `width` bits at a bit offset (a field written earlier as fixed-width). */
  patchBits(bitOffset: number, value: number, width: number): void {
    for (let i = 0; i < width; i++) {
      const at = bitOffset + i;
      const mask = 1 << (at & 7);
      const byte = this.bytes[at >> 3] as number;
      this.bytes[at >> 3] = (value >>> i) & 1 ? byte | mask : byte & ~mask;
    }
  }

  /** Overwrites the 32-bit word at a byte offset (aligned). */
  patch32(byteOffset: number, value: number): void {
    new DataView(this.bytes.buffer).setUint32(byteOffset, value, true);
  }

  private writeAbbrevOp(op: AbbrevOp): void {
    if (op.kind === 'literal') {
      this.fixed(1, 1);
      this.vbr(op.value, 8);
      return;
    }
    this.fixed(0, 1);
    this.fixed(ENCODING[op.kind], 3);
    if (op.kind === 'fixed' || op.kind === 'vbr') this.vbr(op.width, 5);
    if (op.kind === 'array') this.writeAbbrevOp(op.element);
  }

  private writeAbbrevDefinition(ops: AbbrevOp[]): void {
    this.fixed(DEFINE_ABBREV, this.scope.abbrevWidth);
    const count = ops.reduce((n, op) => n + (op.kind === 'array' ? 2 : 1), 0);
    this.vbr(count, 5);
    for (const op of ops) this.writeAbbrevOp(op);
  }

  /** Defines an abbreviation in the current block; returns its id. */
  defineAbbrev(ops: AbbrevOp[]): number {
    this.writeAbbrevDefinition(ops);
    this.scope.abbrevs.push(ops);
    return FIRST_ABBREV + this.scope.abbrevs.length - 1;
  }

  /** Inside BLOCKINFO: gives block `id` an abbreviation; returns the id it has there. */
  defineBlockInfoAbbrev(id: number, ops: AbbrevOp[]): number {
    this.writeAbbrevDefinition(ops);
    const list = this.blockInfo.get(id) ?? [];
    list.push(ops);
    this.blockInfo.set(id, list);
    return FIRST_ABBREV + list.length - 1;
  }

  /** A record without abbreviation: code and operands as VBR6. */
  record(code: number, operands: readonly (number | bigint)[]): void {
    this.fixed(UNABBREV_RECORD, this.scope.abbrevWidth);
    this.vbr(code, 6);
    this.vbr(operands.length, 6);
    for (const op of operands) this.vbr(op, 6);
  }

  private scalar(op: AbbrevOp, value: number | bigint): void {
    if (op.kind === 'fixed') this.fixed(value, op.width);
    else if (op.kind === 'vbr') this.vbr(value, op.width);
    else if (op.kind === 'char6') this.fixed(CHAR6.indexOf(String.fromCharCode(Number(value))), 6);
    else if (op.kind === 'literal') {
      if (BigInt(value) !== BigInt(op.value))
        throw new Error(`gpuc: ${value} is not the literal ${op.value}`);
    } else throw new Error(`gpuc: ${op.kind} is not a scalar encoding`);
  }

  /**
   * A record through abbreviation `id`: `values` are the code and operands in order; an array
   * or blob operand takes all the values left (a blob as bytes in `blob`).
   */
  abbreviated(id: number, values: readonly (number | bigint)[], blob?: Uint8Array): void {
    const ops = this.scope.abbrevs[id - FIRST_ABBREV];
    if (!ops) throw new Error(`gpuc: no abbreviation ${id} in this block`);
    this.fixed(id, this.scope.abbrevWidth);
    let next = 0;
    for (const op of ops) {
      if (op.kind === 'array') {
        const rest = values.slice(next);
        this.vbr(rest.length, 6);
        for (const value of rest) this.scalar(op.element, value);
        next = values.length;
      } else if (op.kind === 'blob') {
        const data = blob ?? new Uint8Array();
        this.vbr(data.length, 6);
        this.align32();
        this.ensure((this.bitCount >> 3) + data.length + 8);
        this.bytes.set(data, this.bitCount >> 3);
        this.bitCount += data.length * 8;
        this.align32();
      } else {
        this.scalar(op, values[next++] ?? 0);
      }
    }
  }

  /** The bytes written, padded to a whole word. */
  finish(): Uint8Array {
    this.align32();
    return this.bytes.slice(0, this.bitCount >> 3);
  }
}
