/** Constants of one scope (the module, or a function) numbered as values, and their block. */
import type { BitstreamWriter } from './bitstream.js';
import { Block, ConstantCode } from './codes.js';
import { type Operand, type Type, typeKey } from './model.js';
import type { TypeTable } from './type-table.js';

const constantKey = (o: Operand): string =>
  `${typeKey(o.type)}|${JSON.stringify(o.value, (_, v) => (typeof v === 'bigint' ? v.toString() : v))}`;

/** An LLVM signed VBR operand: magnitude shifted left, sign in bit 0. */
export const signed = (v: bigint): bigint => (v < 0n ? (-v << 1n) | 1n : v << 1n);

/** A two's-complement integer of `bits` read as signed. */
const asSigned = (v: bigint, bits: number): bigint => BigInt.asIntN(bits, v);

const isScalar = (o: Operand) =>
  (o.value.kind === 'int' || o.value.kind === 'float') &&
  ['int', 'float', 'double', 'half'].includes(o.type.kind);

/** Whether an aggregate is written as one DATA record (an array or vector of plain numbers). */
const isData = (o: Operand) =>
  o.value.kind === 'aggregate' &&
  (o.type.kind === 'array' || o.type.kind === 'vector') &&
  o.value.elements.length > 0 &&
  o.value.elements.every(isScalar);

export class ConstantPool {
  private readonly ids = new Map<string, number>();
  readonly list: Operand[] = [];

  /** `base` is the value id the first constant gets; `global` numbers global values. */
  constructor(
    private readonly base: number,
    private readonly global: (name: string) => number,
  ) {}

  get size(): number {
    return this.list.length;
  }

  /** Adds a constant (elements first); globals and locals are not constants here. */
  add(o: Operand, types: TypeTable): void {
    types.add(o.type);
    const { value } = o;
    if (value.kind === 'local' || value.kind === 'global') return;
    if (value.kind === 'expression') throw new Error('gpuc: a constant expression reached the AIR writer');
    const key = constantKey(o);
    if (this.ids.has(key)) return;
    if (value.kind === 'aggregate' && !isData(o)) for (const e of value.elements) this.add(e, types);
    this.ids.set(key, this.base + this.list.length);
    this.list.push(o);
  }

  /** The value id of a constant or global; undefined for locals. */
  id(o: Operand): number | undefined {
    if (o.value.kind === 'global') return this.global(o.value.name);
    if (o.value.kind === 'local') return undefined;
    return this.ids.get(constantKey(o));
  }

  private need(o: Operand): number {
    const id = this.id(o);
    if (id === undefined)
      throw new Error(`gpuc: the AIR writer missed a constant of type ${typeKey(o.type)}`);
    return id;
  }

  write(stream: BitstreamWriter, types: TypeTable): void {
    if (this.list.length === 0) return;
    stream.enterBlock(Block.constants, 4);
    let current: Type | undefined;
    for (const o of this.list) {
      if (!current || typeKey(current) !== typeKey(o.type)) {
        stream.record(ConstantCode.setType, [types.id(o.type)]);
        current = o.type;
      }
      const { value } = o;
      switch (value.kind) {
        case 'int':
          if (o.type.kind !== 'int' || o.type.bits > 64)
            throw new Error(`gpuc: the AIR writer has no ${typeKey(o.type)} integer constants`);
          stream.record(ConstantCode.integer, [signed(asSigned(value.value, o.type.bits))]);
          break;
        case 'float':
          stream.record(ConstantCode.float, [value.bits]);
          break;
        case 'null':
        case 'zero':
          stream.record(ConstantCode.null, []);
          break;
        case 'undef':
          stream.record(ConstantCode.undef, []);
          break;
        case 'bytes':
          stream.record(ConstantCode.string, value.bytes);
          break;
        case 'aggregate':
          if (isData(o))
            stream.record(
              ConstantCode.data,
              value.elements.map((e) =>
                e.value.kind === 'int'
                  ? BigInt.asUintN((e.type as { bits: number }).bits, e.value.value)
                  : (e.value as { bits: bigint }).bits,
              ),
            );
          else
            stream.record(
              ConstantCode.aggregate,
              value.elements.map((e) => this.need(e)),
            );
          break;
        default:
          throw new Error(`gpuc: the AIR writer cannot write a ${value.kind} constant`);
      }
    }
    stream.endBlock();
  }
}
