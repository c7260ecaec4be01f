/**
 * A function body as a FUNCTION_BLOCK: its constants, its instructions in the record forms of
 * LLVM's typed-pointer era (operands relative to the instruction, types where a forward
 * reference needs them), and the names of its values.
 */
import type { BitstreamWriter } from './bitstream.js';
import { BINARY_OPCODES, Block, CAST_OPCODES, InstCode, PREDICATES } from './codes.js';
import { ConstantPool, signed } from './constants.js';
import { type Instruction, type IRFunction, i32, type Operand, type Type } from './model.js';
import type { TypeTable } from './type-table.js';

/** Alignment as bitcode stores it: log2 + 1, 0 for none. */
const encodeAlign = (align = 0): number => (align > 0 ? Math.log2(align) + 1 : 0);

/** The operands an instruction takes, with the implicit ones made explicit (alloca's count). */
export function operandsOf(inst: Instruction): Operand[] {
  if (inst.opcode === 'alloca' && inst.operands.length === 0)
    return [{ type: i32, value: { kind: 'int', value: 1n } }];
  return inst.operands;
}

/** Types an instruction needs in the table. */
export function typesOf(inst: Instruction): Type[] {
  return [
    inst.type,
    ...operandsOf(inst).map((o) => o.type),
    ...(inst.elementType ? [inst.elementType] : []),
    ...(inst.calleeType ? [inst.calleeType, { kind: 'ptr' as const, space: 0, to: inst.calleeType }] : []),
  ];
}

export class FunctionWriter {
  private readonly constants: ConstantPool;
  private readonly ids = new Map<string, number>();
  private readonly blocks: Map<string, number>;
  private instId = 0;
  /** The value id of the first instruction's result. */
  private readonly firstInstruction: number;

  constructor(
    private readonly fn: IRFunction,
    firstValue: number,
    private readonly module: ConstantPool,
    private readonly types: TypeTable,
    global: (name: string) => number,
  ) {
    for (const [i, p] of fn.params.entries()) this.ids.set(p, firstValue + i);
    this.constants = new ConstantPool(firstValue + fn.params.length, global);
    for (const block of fn.blocks)
      for (const inst of block.instructions)
        for (const o of operandsOf(inst)) if (module.id(o) === undefined) this.constants.add(o, types);
    this.firstInstruction = firstValue + fn.params.length + this.constants.size;
    let next = this.firstInstruction;
    for (const block of fn.blocks)
      for (const inst of block.instructions)
        if (inst.type.kind !== 'void') this.ids.set(inst.result as string, next++);
    this.blocks = new Map(fn.blocks.map((b, i) => [b.name, i]));
  }

  private id(o: Operand): number {
    const id =
      o.value.kind === 'local' ? this.ids.get(o.value.name) : (this.module.id(o) ?? this.constants.id(o));
    if (id === undefined)
      throw new Error(`gpuc: the AIR writer cannot number an operand of @${this.fn.name}`);
    return id;
  }
  private value(o: Operand): number {
    return (this.instId - this.id(o)) >>> 0;
  }
  private valueAndType(o: Operand): number[] {
    const id = this.id(o);
    return id >= this.instId ? [(this.instId - id) >>> 0, this.types.id(o.type)] : [this.instId - id];
  }
  private block(name: string | undefined): number {
    const index = this.blocks.get(name as string);
    if (index === undefined) throw new Error(`gpuc: @${this.fn.name} branches to an unknown block %${name}`);
    return index;
  }

  private record(inst: Instruction): [number, (number | bigint)[]] {
    const ops = operandsOf(inst);
    const [a, b, c] = ops as [Operand, Operand, Operand];
    const op = inst.opcode;
    if (op in BINARY_OPCODES) {
      const f = inst.flags ?? {};
      const flags = ['udiv', 'sdiv', 'lshr', 'ashr'].includes(op)
        ? f.exact
          ? 1
          : 0
        : (f.nuw ? 1 : 0) | (f.nsw ? 2 : 0);
      return [
        InstCode.binop,
        [...this.valueAndType(a), this.value(b), BINARY_OPCODES[op] as number, ...(flags ? [flags] : [])],
      ];
    }
    if (op in CAST_OPCODES)
      return [InstCode.cast, [...this.valueAndType(a), this.types.id(inst.type), CAST_OPCODES[op] as number]];
    switch (op) {
      case 'fneg':
        return [InstCode.unop, [...this.valueAndType(a), 0]];
      case 'icmp':
      case 'fcmp': {
        const p = inst.predicate as string;
        const code = op === 'icmp' ? (PREDICATES[`i-${p}`] ?? PREDICATES[p]) : PREDICATES[p];
        if (code === undefined) throw new Error(`gpuc: the AIR writer does not know the predicate ${p}`);
        return [InstCode.cmp2, [...this.valueAndType(a), this.value(b), code]];
      }
      case 'select':
        return [InstCode.vselect, [...this.valueAndType(b), this.value(c), ...this.valueAndType(a)]];
      case 'extractelement':
        return [InstCode.extractElement, [...this.valueAndType(a), ...this.valueAndType(b)]];
      case 'insertelement':
        return [InstCode.insertElement, [...this.valueAndType(a), this.value(b), ...this.valueAndType(c)]];
      case 'shufflevector':
        return [InstCode.shuffleVector, [...this.valueAndType(a), this.value(b), this.value(c)]];
      case 'getelementptr':
        return [
          InstCode.gep,
          [
            inst.inbounds ? 1 : 0,
            this.types.id(inst.elementType as Type),
            ...ops.flatMap((o) => this.valueAndType(o)),
          ],
        ];
      case 'alloca': {
        const align = encodeAlign(inst.align);
        return [
          InstCode.alloca,
          [
            this.types.id(inst.elementType as Type),
            this.types.id(a.type),
            this.id(a),
            (align & 31) | (1 << 6) | ((align >> 5) << 8),
          ],
        ];
      }
      case 'load':
        return [
          InstCode.load,
          [...this.valueAndType(a), this.types.id(inst.type), encodeAlign(inst.align), inst.volatile ? 1 : 0],
        ];
      case 'store':
        return [
          InstCode.store,
          [...this.valueAndType(b), ...this.valueAndType(a), encodeAlign(inst.align), inst.volatile ? 1 : 0],
        ];
      case 'phi':
        return [
          InstCode.phi,
          [
            this.types.id(inst.type),
            ...ops.flatMap((o, i) => [
              signed(BigInt(this.instId - this.id(o))),
              BigInt(this.block(inst.blocks?.[i])),
            ]),
          ],
        ];
      case 'call': {
        const fnType = inst.calleeType as Extract<Type, { kind: 'function' }>;
        const callee: Operand = {
          type: { kind: 'ptr', space: 0, to: fnType },
          value: { kind: 'global', name: inst.callee as string },
        };
        return [
          InstCode.call,
          [
            0,
            (inst.tail ? 1 : 0) | (1 << 15),
            this.types.id(fnType),
            ...this.valueAndType(callee),
            ...ops.flatMap((o, i) => (i < fnType.params.length ? [this.value(o)] : this.valueAndType(o))),
          ],
        ];
      }
      case 'br':
        return [
          InstCode.br,
          inst.blocks?.length === 1
            ? [this.block(inst.blocks[0])]
            : [this.block(inst.blocks?.[0]), this.block(inst.blocks?.[1]), this.value(a)],
        ];
      case 'switch':
        return [
          InstCode.switch,
          [
            this.types.id(a.type),
            this.value(a),
            this.block(inst.blocks?.[0]),
            ...ops.slice(1).flatMap((o, i) => [this.id(o), this.block(inst.blocks?.[i + 1])]),
          ],
        ];
      case 'ret':
        return [InstCode.ret, a ? this.valueAndType(a) : []];
      case 'unreachable':
        return [InstCode.unreachable, []];
      case 'freeze':
        return [InstCode.freeze, this.valueAndType(a)];
      case 'extractvalue':
        return [InstCode.extractValue, [...this.valueAndType(a), ...(inst.indices ?? [])]];
      case 'insertvalue':
        return [
          InstCode.insertValue,
          [...this.valueAndType(a), ...this.valueAndType(b), ...(inst.indices ?? [])],
        ];
    }
    throw new Error(`gpuc: the AIR writer cannot write '${op}'`);
  }

  write(stream: BitstreamWriter): void {
    stream.enterBlock(Block.function, 4);
    stream.record(InstCode.declareBlocks, [this.fn.blocks.length]);
    this.constants.write(stream, this.types);
    this.instId = this.firstInstruction;
    for (const block of this.fn.blocks) {
      for (const inst of block.instructions) {
        const [code, operands] = this.record(inst);
        stream.record(code, operands);
        if (inst.type.kind !== 'void') this.instId++;
      }
    }
    this.writeNames(stream);
    stream.endBlock();
  }

  /** The function's value symbol table: named arguments, instructions and blocks. */
  private writeNames(stream: BitstreamWriter): void {
    const named = (name: string) => !/^\d+$/.test(name);
    const chars = (name: string) => [...Buffer.from(name, 'utf8')];
    const entries = [...this.ids].filter(([name]) => named(name));
    const blocks = [...this.blocks].filter(([name]) => named(name));
    if (entries.length + blocks.length === 0) return;
    stream.enterBlock(Block.valueSymtab, 4);
    for (const [name, id] of entries) stream.record(1, [id, ...chars(name)]);
    for (const [name, index] of blocks) stream.record(2, [index, ...chars(name)]);
    stream.endBlock();
  }
}
