/**
 * Attributes in the record form of LLVM's typed-pointer era: groups (PARAMATTR_GROUP) and the
 * lists functions refer to (PARAMATTR). Attributes newer than that form become their older
 * spelling (`memory(none)` is `readnone`, `captures(none)` is `nocapture`) or are left out,
 * as are those the target's loader is too old for (format.ts):
 * an attribute only states a fact, so leaving one out never changes what the code does.
 */
import type { BitstreamWriter } from './bitstream.js';
import { Block, ENUM_ATTRIBUTES } from './codes.js';
import type { AirFormat } from './format.js';
import type { IRFunction } from './model.js';

const FUNCTION_INDEX = 0xffffffff;

/** The older spellings of one attribute as printed by LLVM 22. */
export function olderSpelling(attribute: string): string[] {
  const memory = /^memory\((.*)\)$/.exec(attribute);
  if (memory) {
    const effects = memory[1] as string;
    const simple: Record<string, string[]> = {
      none: ['readnone'],
      read: ['readonly'],
      write: ['writeonly'],
      'argmem:read': ['argmemonly', 'readonly'],
      'argmem:write': ['argmemonly', 'writeonly'],
      'argmem:readwrite': ['argmemonly'],
    };
    return simple[effects.replace(/\s/g, '')] ?? [];
  }
  if (attribute === 'captures(none)') return ['nocapture'];
  return attribute in ENUM_ATTRIBUTES || !/^[a-z_]+(\(|=|$)/.test(attribute) ? [attribute] : [];
}

/** A group's record operands after its id and index. */
function encode(attributes: readonly string[], format: AirFormat): number[] {
  const out: number[] = [];
  const chars = (text: string) => [...Buffer.from(text, 'utf8')];
  for (const attribute of [...new Set(attributes.flatMap(olderSpelling))]) {
    const kind = ENUM_ATTRIBUTES[attribute];
    if (kind !== undefined) {
      if (format.writesAttribute(kind)) out.push(0, kind);
    } else {
      const [key, value] = attribute.split('=', 2) as [string, string | undefined];
      if (value === undefined) out.push(3, ...chars(key), 0);
      else out.push(4, ...chars(key), 0, ...chars(value), 0);
    }
  }
  return out;
}

export class AttributeTable {
  constructor(private readonly format: AirFormat) {}

  private readonly groups = new Map<string, number>();
  private readonly groupRecords: number[][] = [];
  private readonly lists = new Map<string, number>();
  private readonly listRecords: number[][] = [];

  /** The attribute list id (1-based, 0 for none) of a function. */
  add(fn: IRFunction): number {
    const entries: [number, number[]][] = [
      [FUNCTION_INDEX, encode(fn.attributes.fn, this.format)],
      [0, encode(fn.attributes.result, this.format)],
      ...fn.attributes.params.map((p, i): [number, number[]] => [i + 1, encode(p, this.format)]),
    ];
    const ids: number[] = [];
    for (const [index, operands] of entries) {
      if (operands.length === 0) continue;
      const key = `${index}:${operands.join(',')}`;
      let id = this.groups.get(key);
      if (id === undefined) {
        id = this.groupRecords.length + 1;
        this.groups.set(key, id);
        this.groupRecords.push([id, index, ...operands]);
      }
      ids.push(id);
    }
    if (ids.length === 0) return 0;
    const key = ids.join(',');
    let list = this.lists.get(key);
    if (list === undefined) {
      list = this.listRecords.length + 1;
      this.lists.set(key, list);
      this.listRecords.push(ids);
    }
    return list;
  }

  write(stream: BitstreamWriter): void {
    if (this.groupRecords.length === 0) return;
    stream.enterBlock(Block.paramAttrGroup, 3);
    for (const record of this.groupRecords) stream.record(3, record);
    stream.endBlock();
    stream.enterBlock(Block.paramAttr, 3);
    for (const record of this.listRecords) stream.record(2, record);
    stream.endBlock();
  }
}
