/**
 * Module metadata (`!air.kernel`, `!air.version`, module flags...): strings in one STRINGS
 * record, constants as VALUE records, nodes after their operands, then the named nodes. Debug
 * information is not written (the module flags that announce it go too).
 */
import { BitstreamWriter } from './bitstream.js';
import { Block, METADATA_KINDS, MetadataCode } from './codes.js';
import type { ConstantPool } from './constants.js';
import type { MetadataNode, MetadataRef, Module, Operand } from './model.js';
import type { TypeTable } from './type-table.js';

const DEBUG_FLAGS = new Set(['Debug Info Version', 'Dwarf Version']);

/** Whether a node is a module flag about debug information. */
const isDebugFlag = (node: MetadataNode | undefined) =>
  node?.operands[1]?.kind === 'string' && DEBUG_FLAGS.has(node.operands[1].text);

export class MetadataTable {
  private readonly strings: string[] = [];
  private readonly values: Operand[] = [];
  private readonly nodes: MetadataNode[] = [];
  private readonly nodeIds = new Map<string, number>();
  private readonly valueOf = new Map<MetadataRef, number>();
  private readonly named: { name: string; nodes: string[] }[];

  constructor(module: Module) {
    this.named = module.named
      .filter((n) => !n.name.startsWith('llvm.dbg.'))
      .map((n) => ({
        name: n.name,
        nodes:
          n.name === 'llvm.module.flags'
            ? n.nodes.filter((id) => !isDebugFlag(module.nodes.get(id)))
            : n.nodes,
      }))
      .filter((n) => n.nodes.length > 0);
    const order: string[] = [];
    const seen = new Set<string>();
    const visit = (id: string) => {
      const node = module.nodes.get(id);
      if (seen.has(id) || !node) return;
      seen.add(id);
      for (const ref of node.operands) {
        if (ref.kind === 'node') visit(ref.id);
        else if (ref.kind === 'string' && !this.strings.includes(ref.text)) this.strings.push(ref.text);
        else if (ref.kind === 'value') {
          this.valueOf.set(ref, this.values.length);
          this.values.push(ref.operand);
        }
      }
      order.push(id);
    };
    for (const n of this.named) for (const id of n.nodes) visit(id);
    const first = this.strings.length + this.values.length;
    order.forEach((id, i) => {
      this.nodeIds.set(id, first + i);
      this.nodes.push(module.nodes.get(id) as MetadataNode);
    });
  }

  /** Constants and types the metadata needs numbered. */
  enumerate(constants: ConstantPool, types: TypeTable): void {
    for (const value of this.values) constants.add(value, types);
  }

  private ref(ref: MetadataRef): number {
    switch (ref.kind) {
      case 'null':
        return 0;
      case 'string':
        return this.strings.indexOf(ref.text) + 1;
      case 'value':
        return this.strings.length + (this.valueOf.get(ref) as number) + 1;
      case 'node': {
        const id = this.nodeIds.get(ref.id);
        return id === undefined ? 0 : id + 1; // debug nodes are not written
      }
    }
  }

  write(stream: BitstreamWriter, constants: ConstantPool, types: TypeTable): void {
    stream.enterBlock(Block.metadata, 4);
    if (this.strings.length > 0) {
      const abbrev = stream.defineAbbrev([
        { kind: 'literal', value: MetadataCode.strings },
        { kind: 'vbr', width: 6 },
        { kind: 'vbr', width: 6 },
        { kind: 'blob' },
      ]);
      const lengths = new BitstreamWriter();
      const bytes = this.strings.map((s) => Buffer.from(s, 'utf8'));
      for (const b of bytes) lengths.vbr(b.length, 6);
      const head = lengths.finish();
      stream.abbreviated(
        abbrev,
        [MetadataCode.strings, this.strings.length, head.length],
        Buffer.concat([head, ...bytes]),
      );
    }
    for (const value of this.values)
      stream.record(MetadataCode.value, [types.id(value.type), constants.id(value) as number]);
    for (const node of this.nodes)
      stream.record(
        node.distinct ? MetadataCode.distinctNode : MetadataCode.node,
        node.operands.map((ref) => this.ref(ref)),
      );
    for (const named of this.named) {
      stream.record(MetadataCode.name, [...Buffer.from(named.name, 'utf8')]);
      stream.record(
        MetadataCode.namedNode,
        named.nodes.flatMap((id) => this.nodeIds.get(id) ?? []),
      );
    }
    stream.endBlock();
  }

  /** The fixed metadata kinds, as LLVM writes them in every module. */
  static writeKinds(stream: BitstreamWriter): void {
    stream.enterBlock(Block.metadataKind, 3);
    for (const [i, name] of METADATA_KINDS.entries())
      stream.record(MetadataCode.kind, [i, ...Buffer.from(name, 'utf8')]);
    stream.endBlock();
  }
}
