/** The module's type table: every type once, its parts before it, and the TYPE block. */
import type { BitstreamWriter } from './bitstream.js';
import { Block, TypeCode } from './codes.js';
import { type Type, typeKey } from './model.js';

export class TypeTable {
  private readonly ids = new Map<string, number>();
  readonly types: Type[] = [];
  /** Set once the TYPE block is written: a type added later would have no record. */
  private written = false;

  /** Adds a type (and the types it is made of); returns its id. */
  add(type: Type): number {
    const key = typeKey(type);
    const known = this.ids.get(key);
    if (known !== undefined) return known;
    if (this.written) throw new Error(`gpuc: the AIR writer met the type ${key} after writing its types`);
    if (type.kind === 'ptr') {
      if (!type.to) throw new Error('gpuc: a pointer reached the AIR writer without a pointee');
      this.add(type.to);
    } else if (type.kind === 'array' || type.kind === 'vector') this.add(type.element);
    else if (type.kind === 'struct') for (const e of type.elements) this.add(e);
    else if (type.kind === 'function') for (const t of [type.result, ...type.params]) this.add(t);
    const id = this.types.length;
    this.ids.set(key, id);
    this.types.push(type);
    return id;
  }

  /** The id of a type already added. */
  id(type: Type): number {
    const id = this.ids.get(typeKey(type));
    if (id === undefined) throw new Error(`gpuc: the AIR writer missed the type ${typeKey(type)}`);
    return id;
  }

  write(stream: BitstreamWriter): void {
    this.written = true;
    stream.enterBlock(Block.type, 4);
    stream.record(TypeCode.numEntry, [this.types.length]);
    for (const type of this.types) {
      switch (type.kind) {
        case 'int':
          stream.record(TypeCode.integer, [type.bits]);
          break;
        case 'ptr':
          stream.record(TypeCode.pointer, [this.id(type.to as Type), type.space]);
          break;
        case 'array':
        case 'vector':
          stream.record(type.kind === 'array' ? TypeCode.array : TypeCode.vector, [
            type.length,
            this.id(type.element),
          ]);
          break;
        case 'struct':
          stream.record(TypeCode.structAnon, [type.packed ? 1 : 0, ...type.elements.map((e) => this.id(e))]);
          break;
        case 'function':
          stream.record(TypeCode.function, [
            type.vararg ? 1 : 0,
            this.id(type.result),
            ...type.params.map((p) => this.id(p)),
          ]);
          break;
        default:
          stream.record(TypeCode[type.kind], []);
      }
    }
    stream.endBlock();
  }
}
