/**
 * A small model of the LLVM IR the Metal back-end emits, as parsed from its text. Pointers
 * carry a pointee once typed-pointer inference has given them one (`to`).
 */

export type Type =
  | { kind: 'void' | 'float' | 'double' | 'half' | 'label' | 'metadata' }
  | { kind: 'int'; bits: number }
  | { kind: 'ptr'; space: number; to?: Type }
  | { kind: 'array' | 'vector'; length: number; element: Type }
  | { kind: 'struct'; packed: boolean; elements: Type[] }
  | { kind: 'function'; result: Type; params: Type[]; vararg: boolean };

export const i8: Type = { kind: 'int', bits: 8 };
export const i32: Type = { kind: 'int', bits: 32 };
export const i64: Type = { kind: 'int', bits: 64 };

/** A type's spelling with typed pointers (`float addrspace(1)*`), its identity in maps. */
export function typeKey(type: Type): string {
  switch (type.kind) {
    case 'int':
      return `i${type.bits}`;
    case 'ptr':
      return `${type.to ? typeKey(type.to) : 'opaque'}${type.space ? ` addrspace(${type.space})` : ''}*`;
    case 'array':
      return `[${type.length} x ${typeKey(type.element)}]`;
    case 'vector':
      return `<${type.length} x ${typeKey(type.element)}>`;
    case 'struct':
      return `${type.packed ? '<' : ''}{${type.elements.map(typeKey).join(', ')}}${type.packed ? '>' : ''}`;
    case 'function':
      return `${typeKey(type.result)} (${[...type.params.map(typeKey), ...(type.vararg ? ['...'] : [])].join(', ')})`;
    default:
      return type.kind;
  }
}

export const sameType = (a: Type, b: Type): boolean => typeKey(a) === typeKey(b);

/** A constant, or a reference to a global or local value. */
export type Value =
  | { kind: 'local'; name: string }
  | { kind: 'global'; name: string }
  | { kind: 'int'; value: bigint }
  | { kind: 'float'; bits: bigint }
  | { kind: 'null' | 'undef' | 'zero' }
  | { kind: 'aggregate'; elements: Operand[] }
  | { kind: 'bytes'; bytes: number[] }
  /** A constant expression; the writer turns it into an instruction before its use. */
  | { kind: 'expression'; instruction: Instruction };

/** A value with its type, as instructions and constants use them. */
export interface Operand {
  type: Type;
  value: Value;
}

/** Instruction flags the bitcode keeps (wrap flags, exactness). */
export interface Flags {
  nuw?: boolean;
  nsw?: boolean;
  exact?: boolean;
}

export interface Instruction {
  /** The result's name (`%x`), when it has one. */
  result?: string;
  opcode: string;
  /** The result type (void when none). */
  type: Type;
  operands: Operand[];
  flags?: Flags;
  /** icmp/fcmp predicate. */
  predicate?: string;
  /** GEP source element type, alloca's allocated type. */
  elementType?: Type;
  inbounds?: boolean;
  align?: number;
  volatile?: boolean;
  /** br/switch targets, phi incoming blocks (parallel to operands). */
  blocks?: string[];
  /** call: the callee's name and function type; tail marker. */
  callee?: string;
  calleeType?: Type;
  tail?: boolean;
  /** extractvalue/insertvalue indices, shufflevector mask (-1: poison). */
  indices?: number[];
}

export interface Block {
  name: string;
  instructions: Instruction[];
}

export interface Attributes {
  /** Enum attributes by LLVM's name (`nounwind`), string attributes as key or key=value. */
  names: string[];
}

export interface IRFunction {
  name: string;
  type: Extract<Type, { kind: 'function' }>;
  params: string[];
  /** Attributes of the function, its result and each parameter. */
  attributes: { fn: string[]; result: string[]; params: string[][] };
  linkage: string;
  unnamedAddr: '' | 'unnamed_addr' | 'local_unnamed_addr';
  blocks: Block[];
}

export interface Global {
  name: string;
  valueType: Type;
  space: number;
  constant: boolean;
  linkage: string;
  unnamedAddr: '' | 'unnamed_addr' | 'local_unnamed_addr';
  align: number;
  init?: Operand;
}

/** A metadata operand: a node, a string, a constant or global, or null. */
export type MetadataRef =
  | { kind: 'node'; id: string }
  | { kind: 'string'; text: string }
  | { kind: 'value'; operand: Operand }
  | { kind: 'null' };

export interface MetadataNode {
  distinct: boolean;
  operands: MetadataRef[];
}

export interface Module {
  sourceFilename: string;
  dataLayout: string;
  triple: string;
  globals: Global[];
  functions: IRFunction[];
  /** Generic nodes by id (`!3` is `3`); specialised (debug) nodes are left out. */
  nodes: Map<string, MetadataNode>;
  named: { name: string; nodes: string[] }[];
}
