/**
 * gpuc's writer of AIR bitcode: the module the Metal back-end built, read from its text,
 * given typed pointers, and written in the block and record layout of the bitcode Apple's
 * `metal` compiler produces (IDENTIFICATION, MODULE version 2 with relative operand ids, a
 * string table, typed POINTER types; record widths and attributes for the target's macOS,
 * format.ts), inside the wrapper metallibs store modules in.
 */
import { wrapBitcode } from '../metallib.js';
import { AttributeTable } from './attributes.js';
import { type AbbrevOp, BitstreamWriter } from './bitstream.js';
import { Block, LINKAGES, ModuleCode, OPERAND_BUNDLE_TAGS, SYNC_SCOPES } from './codes.js';
import { ConstantPool } from './constants.js';
import { airFormat } from './format.js';
import { FunctionWriter, operandsOf, typesOf } from './function.js';
import { MetadataTable } from './metadata.js';
import type { Module, Type } from './model.js';
import { parseIR } from './parse.js';
import { withTypedPointers } from './pointers.js';
import { TypeTable } from './type-table.js';

const UNNAMED_ADDR = { '': 0, unnamed_addr: 1, local_unnamed_addr: 2 } as const;

/** Typed-era names of LLVM intrinsics: pointer arguments mangle as `p<space>i8`. */
const typedIntrinsicName = (name: string) =>
  name.startsWith('llvm.') ? name.replace(/\.p(\d+)(?=\.|$)/g, '.p$1i8') : name;

const chars = (text: string) => [...Buffer.from(text, 'utf8')];
const isLocal = (linkage: string) => linkage === 'internal' || linkage === 'private';

class StringTable {
  private readonly parts: Buffer[] = [];
  private size = 0;
  add(text: string): [number, number] {
    const bytes = Buffer.from(text, 'utf8');
    const at = this.size;
    this.parts.push(bytes);
    this.size += bytes.length;
    return [at, bytes.length];
  }
  get bytes(): Buffer {
    return Buffer.concat(this.parts);
  }
}

function writeIdentification(stream: BitstreamWriter): void {
  stream.enterBlock(Block.identification, 5);
  const name = stream.defineAbbrev([
    { kind: 'literal', value: 1 },
    { kind: 'array', element: { kind: 'char6' } },
  ]);
  const epoch = stream.defineAbbrev([
    { kind: 'literal', value: 2 },
    { kind: 'vbr', width: 6 },
  ]);
  // Apple's compiler leaves the producer empty.
  stream.abbreviated(name, [1]);
  stream.abbreviated(epoch, [2, 0]);
  stream.endBlock();
}

function writeStrings(stream: BitstreamWriter, block: number, code: number, list: readonly string[]): void {
  stream.enterBlock(block, 3);
  for (const text of list) stream.record(code, chars(text));
  stream.endBlock();
}

/** Writes a parsed module (changing it: typed pointers, typed-era intrinsic names). */
export function writeModule(input: Module): Uint8Array {
  const module = withTypedPointers(input);
  for (const fn of module.functions) {
    fn.name = typedIntrinsicName(fn.name);
    for (const block of fn.blocks)
      for (const inst of block.instructions) if (inst.callee) inst.callee = typedIntrinsicName(inst.callee);
  }
  const types = new TypeTable();
  const globalIds = new Map<string, number>();
  for (const [i, g] of module.globals.entries()) globalIds.set(g.name, i);
  for (const [i, fn] of module.functions.entries()) globalIds.set(fn.name, module.globals.length + i);
  const global = (name: string) => {
    const id = globalIds.get(typedIntrinsicName(name));
    if (id === undefined) throw new Error(`gpuc: the AIR refers to an unknown global @${name}`);
    return id;
  };
  for (const g of module.globals) types.add({ kind: 'ptr', space: g.space, to: g.valueType });
  for (const fn of module.functions) types.add({ kind: 'ptr', space: 0, to: fn.type });
  const constants = new ConstantPool(globalIds.size, global);
  for (const g of module.globals) if (g.init) constants.add(g.init, types);
  const metadata = new MetadataTable(module);
  metadata.enumerate(constants, types);
  for (const fn of module.functions)
    for (const block of fn.blocks)
      for (const inst of block.instructions) {
        for (const t of typesOf(inst)) types.add(t as Type);
        for (const o of operandsOf(inst)) types.add(o.type);
      }
  const format = airFormat(module.triple);
  // Function bodies number their constants now, so that every type is in the table it writes.
  const firstLocal = globalIds.size + constants.size;
  const bodies = module.functions.flatMap((fn, i) =>
    fn.blocks.length > 0
      ? [
          {
            id: module.globals.length + i,
            writer: new FunctionWriter(fn, firstLocal, constants, types, global),
          },
        ]
      : [],
  );
  const attributes = new AttributeTable(format);
  const attributeIds = module.functions.map((fn) => attributes.add(fn));
  const strtab = new StringTable();

  const stream = new BitstreamWriter();
  for (const byte of [0x42, 0x43, 0xc0, 0xde]) stream.fixed(byte, 8);
  writeIdentification(stream);
  stream.enterBlock(Block.module, 3);
  stream.record(ModuleCode.version, [2]);
  types.write(stream);
  attributes.write(stream);
  stream.record(ModuleCode.triple, chars(module.triple));
  stream.record(ModuleCode.dataLayout, chars(module.dataLayout));
  stream.record(ModuleCode.sourceFilename, chars(module.sourceFilename));
  for (const g of module.globals) {
    const [offset, size] = strtab.add(g.name);
    stream.record(ModuleCode.globalVar, [
      offset,
      size,
      types.id(g.valueType),
      (g.space << 2) | 2 | (g.constant ? 1 : 0),
      g.init ? (constants.id(g.init) as number) + 1 : 0,
      LINKAGES[g.linkage] ?? 0,
      g.align > 0 ? Math.log2(g.align) + 1 : 0,
      0, // section
      0, // visibility
      0, // thread local
      UNNAMED_ADDR[g.unnamedAddr],
      0, // externally initialized
      0, // DLL storage
      0, // comdat
      0, // attributes
      isLocal(g.linkage) ? 1 : 0,
      ...(format.partitions ? [0, 0] : []), // partition (offset, size)
    ]);
  }
  for (const [i, fn] of module.functions.entries()) {
    const [offset, size] = strtab.add(fn.name);
    stream.record(ModuleCode.function, [
      offset,
      size,
      types.id(fn.type),
      0, // calling convention
      fn.blocks.length === 0 ? 1 : 0,
      LINKAGES[fn.linkage] ?? 0,
      attributeIds[i] as number,
      0, // alignment
      0, // section
      0, // visibility
      0, // gc
      UNNAMED_ADDR[fn.unnamedAddr],
      0, // prologue
      0, // DLL storage
      0, // comdat
      0, // prefix
      0, // personality
      isLocal(fn.linkage) ? 1 : 0,
      ...(format.partitions ? [0, 0, 0] : []), // address space, partition (offset, size)
    ]);
  }
  const vstOffsetOps: AbbrevOp[] = [
    { kind: 'literal', value: ModuleCode.vstOffset },
    { kind: 'fixed', width: 32 },
  ];
  const vstAbbrev = stream.defineAbbrev(vstOffsetOps);
  const vstField = stream.bit + 3; // after the abbreviation id (width 3)
  stream.abbreviated(vstAbbrev, [ModuleCode.vstOffset, 0]);
  constants.write(stream, types);
  MetadataTable.writeKinds(stream);
  metadata.write(stream, constants, types);
  writeStrings(stream, Block.operandBundleTags, 1, OPERAND_BUNDLE_TAGS);
  writeStrings(stream, Block.syncScopeNames, 1, SYNC_SCOPES);
  const offsets: [number, number][] = [];
  for (const { id, writer } of bodies) {
    // Offsets count 32-bit words from the start of the bitcode (its magic included).
    offsets.push([id, stream.bit / 32]);
    writer.write(stream);
  }
  stream.patchBits(vstField, stream.bit / 32, 32);
  stream.enterBlock(Block.valueSymtab, 4);
  for (const [id, offset] of offsets) stream.record(3, [id, offset]);
  stream.endBlock();
  stream.endBlock();
  stream.enterBlock(Block.strtab, 3);
  const blob = stream.defineAbbrev([{ kind: 'literal', value: 1 }, { kind: 'blob' }]);
  stream.abbreviated(blob, [1], strtab.bytes);
  stream.endBlock();
  return stream.finish();
}

/** AIR bitcode, wrapped, for the textual IR of a Metal module. */
export function writeAirBitcode(ir: string): Buffer {
  return wrapBitcode(writeModule(parseIR(ir)));
}
