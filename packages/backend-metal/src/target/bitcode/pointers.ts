/**
 * Typed pointers rebuilt from an opaque-pointer module. Every pointer gets a pointee:
 * allocas, globals and GEPs have one by construction; other pointers (parameters, pointers
 * loaded from memory, phis, call results) take the type their first use needs (a load's or
 * store's value type, a GEP's source type, a callee's parameter), then what their sources say;
 * with no evidence, i8. Where a use needs another pointee than its value has, a bitcast goes
 * in before the use. Declared functions take their pointer parameters' pointees from their
 * first call, except where the name says: LLVM's memory intrinsics take i8 (as LLVM's
 * typed-pointer era named them), AIR's atomics and simdgroup matrix loads and stores the type
 * their name ends with.
 */
import {
  type Block,
  type Instruction,
  type IRFunction,
  i8,
  type Module,
  type Operand,
  sameType,
  type Type,
  typeKey,
  type Value,
} from './model.js';

type PtrType = Extract<Type, { kind: 'ptr' }>;

/** A type with every pointer given a pointee (i8 where nothing says more). */
export function typed(type: Type): Type {
  switch (type.kind) {
    case 'ptr':
      return type.to ? type : { ...type, to: i8 };
    case 'array':
    case 'vector':
      return { ...type, element: typed(type.element) };
    case 'struct':
      return { ...type, elements: type.elements.map(typed) };
    case 'function':
      return { ...type, result: typed(type.result), params: type.params.map(typed) };
    default:
      return type;
  }
}

/** The type a GEP's indices after the first select inside `type`. */
function indexed(type: Type, indices: readonly Operand[]): Type {
  let at = type;
  for (const index of indices) {
    if (at.kind === 'struct') {
      if (index.value.kind !== 'int') throw new Error('gpuc: a struct GEP index that is not a constant');
      at = at.elements[Number(index.value.value)] as Type;
    } else if (at.kind === 'array' || at.kind === 'vector') at = at.element;
    else throw new Error(`gpuc: a GEP indexes into ${at.kind}`);
  }
  return at;
}

/** Memory intrinsics take i8 pointers (their typed-era names end in `p0i8`). */
const BYTE_POINTERS = /^llvm\.(memcpy|memmove|memset|lifetime)/;

/** AIR's atomics name the type they work on last; their pointers point at it. */
const AIR_ATOMIC = /^air\.atomic\..*\.([iu]32|f32|[iu]64)$/;
/** AIR's simdgroup matrix loads and stores name their pointer's type last (`.p1f16`). */
const AIR_MATRIX = /^air\.simdgroup_matrix_8x8_(?:load|store)\..*\.p\d+(f16|f32)$/;
const ELEMENTS: Record<string, Type> = {
  i32: { kind: 'int', bits: 32 },
  u32: { kind: 'int', bits: 32 },
  i64: { kind: 'int', bits: 64 },
  u64: { kind: 'int', bits: 64 },
  f32: { kind: 'float' },
  f16: { kind: 'half' },
};

const isPtr = (type: Type): type is PtrType => type.kind === 'ptr';
const key = (value: Value): string | undefined =>
  value.kind === 'local' ? `%${value.name}` : value.kind === 'global' ? `@${value.name}` : undefined;

/** A namer of new values of a function (`.gep0`, `.cast0`...), skipping names it has. */
function freshNames(fn: IRFunction): (prefix: string) => string {
  const taken = new Set([...fn.params, ...fn.blocks.flatMap((b) => b.instructions.map((i) => i.result))]);
  let count = 0;
  return (prefix) => {
    let name = `${prefix}${count++}`;
    while (taken.has(name)) name = `${prefix}${count++}`;
    taken.add(name);
    return name;
  };
}

/**
 * Moves constant expressions out of operands into instructions just before their use (for a
 * phi, at the end of the block the value comes from), where pointees and casts can be had.
 */
function hoistConstantExpressions(fn: IRFunction, fresh: (prefix: string) => string): void {
  const hoist = (operand: Operand, out: Instruction[]): Operand => {
    if (operand.value.kind !== 'expression') return operand;
    const { instruction } = operand.value;
    const name = fresh('.expr');
    out.push({ ...instruction, result: name, operands: instruction.operands.map((o) => hoist(o, out)) });
    return { type: instruction.type, value: { kind: 'local', name } };
  };
  rewriteOperands(fn, () => (operand, _i, out) => hoist(operand, out));
}

/**
 * Replaces every instruction's operands with what `rewrite` makes of them (asked once per
 * instruction, before its operands change), which may add instructions where the operand is
 * used: before the instruction, or for a phi's operand at the end of the block the value comes
 * from (before its terminator), as a phi's operands must be there on entry.
 */
function rewriteOperands(
  fn: IRFunction,
  rewrite: (inst: Instruction) => (operand: Operand, index: number, out: Instruction[]) => Operand,
): void {
  const blocks = new Map(fn.blocks.map((b) => [b.name, b]));
  const tails = new Map<Block, Instruction[]>();
  for (const block of fn.blocks) {
    const rewritten: Instruction[] = [];
    for (const inst of block.instructions) {
      const operand = rewrite(inst);
      inst.operands = inst.operands.map((o, i) => {
        if (inst.opcode !== 'phi') return operand(o, i, rewritten);
        const from = blocks.get(inst.blocks?.[i] as string) as Block;
        const list = tails.get(from) ?? [];
        tails.set(from, list);
        return operand(o, i, list);
      });
      rewritten.push(inst);
    }
    block.instructions = rewritten;
  }
  for (const [block, list] of tails) block.instructions.splice(block.instructions.length - 1, 0, ...list);
}

/** Pointees of one module's pointer values, found by the rules above. */
class Pointees {
  readonly of = new Map<string, Type>();
  /** Pointer parameters of declarations, by `@name#index`. */
  readonly params = new Map<string, Type>();
  private changed = false;

  private readonly functions: Map<string, IRFunction>;

  constructor(private readonly module: Module) {
    this.functions = new Map(module.functions.map((f) => [f.name, f]));
    for (const g of module.globals) this.of.set(`@${g.name}`, typed(g.valueType));
  }

  private set(k: string | undefined, pointee: Type | undefined): void {
    if (k === undefined || pointee === undefined || this.of.has(k)) return;
    this.of.set(k, pointee);
    this.changed = true;
  }

  /** A type with its pointer (if any) given the pointee known for `result`. */
  typeOf(type: Type, k: string | undefined): Type {
    if (!isPtr(type)) return typed(type);
    return { ...type, to: (k !== undefined ? this.of.get(k) : undefined) ?? i8 };
  }

  /** The pointee a call's argument `i` must have, fixing a declaration's on first sight. */
  paramPointee(inst: Instruction, i: number, local: (v: Value) => string | undefined): Type | undefined {
    const callee = this.functions.get(inst.callee as string);
    if (callee && callee.blocks.length > 0) return this.of.get(`%${callee.name}/${callee.params[i]}`);
    const k = `@${inst.callee}#${i}`;
    const element = (AIR_ATOMIC.exec(inst.callee as string) ?? AIR_MATRIX.exec(inst.callee as string))?.[1];
    const named = BYTE_POINTERS.test(inst.callee as string) ? i8 : element ? ELEMENTS[element] : undefined;
    const found = named ?? this.params.get(k) ?? this.getLocal(inst.operands[i] as Operand, local);
    if (found && !this.params.has(k)) {
      this.params.set(k, found);
      this.changed = true;
    }
    return found;
  }

  /** What each pointer operand of `inst` needs as pointee; undefined where nothing says. */
  demands(inst: Instruction, fn: IRFunction, local: (v: Value) => string | undefined): (Type | undefined)[] {
    const ops = inst.operands;
    const result = inst.result !== undefined ? local({ kind: 'local', name: inst.result }) : undefined;
    const valueType = (o: Operand): Type | undefined =>
      isPtr(o.type)
        ? this.getLocal(o, local)
          ? this.typeOf(o.type, local(o.value) ?? key(o.value))
          : undefined
        : typed(o.type);
    switch (inst.opcode) {
      case 'load':
        return [
          isPtr(inst.type)
            ? result && this.of.has(result)
              ? this.typeOf(inst.type, result)
              : undefined
            : typed(inst.type),
        ];
      case 'store':
        return [undefined, valueType(ops[0] as Operand)];
      case 'getelementptr':
        return [typed(inst.elementType as Type)];
      case 'call':
        return ops.map((o, i) => (isPtr(o.type) ? this.paramPointee(inst, i, local) : undefined));
      case 'phi':
        return ops.map(() => (result ? this.of.get(result) : undefined));
      case 'select':
        return [
          undefined,
          result ? this.of.get(result) : undefined,
          result ? this.of.get(result) : undefined,
        ];
      case 'icmp':
        return [undefined, this.getLocal(ops[0] as Operand, local)];
      case 'ret': {
        const k = `%${fn.name}/return`;
        return [this.of.get(k)];
      }
      default:
        return ops.map(() => undefined);
    }
  }

  /** The pointee known for an operand: a local of the function `local` names, or a global. */
  getLocal(operand: Operand, local: (v: Value) => string | undefined): Type | undefined {
    const k = local(operand.value) ?? key(operand.value);
    return k === undefined ? undefined : this.of.get(k);
  }

  /**
   * Runs the rules to a fixed point: a value's first use decides (once what it needs is
   * known), then its sources, then any later use; each step runs again after the later ones
   * typed something.
   */
  solve(): void {
    for (;;) {
      this.changed = false;
      this.pass(false);
      if (this.changed) continue;
      this.fromSources();
      if (this.changed) continue;
      this.pass(true);
      if (!this.changed) return;
    }
  }

  private pass(anyUse: boolean): void {
    const used = new Set<string>();
    for (const fn of this.module.functions) {
      const local = localKeys(fn);
      for (const block of fn.blocks) {
        for (const inst of block.instructions) {
          const r = inst.result !== undefined ? local({ kind: 'local', name: inst.result }) : undefined;
          if (inst.opcode === 'alloca') this.set(r, typed(inst.elementType as Type));
          if (inst.opcode === 'getelementptr')
            this.set(r, typed(indexed(inst.elementType as Type, inst.operands.slice(2))));
          if (inst.opcode === 'addrspacecast') this.set(r, this.getLocal(inst.operands[0] as Operand, local));
          const needs = this.demands(inst, fn, local);
          inst.operands.forEach((o, i) => {
            const k = local(o.value);
            if (!isPtr(o.type) || k === undefined || (used.has(k) && !anyUse)) return;
            used.add(k);
            this.set(k, needs[i]);
          });
          if (inst.opcode === 'ret' && inst.operands[0] && isPtr(inst.operands[0].type))
            this.set(`%${fn.name}/return`, this.getLocal(inst.operands[0], local));
        }
      }
    }
  }

  /** Pointers no use has typed yet take their sources' pointee (phi and select operands, memory). */
  private fromSources(): void {
    for (const fn of this.module.functions) {
      const local = localKeys(fn);
      for (const block of fn.blocks) {
        for (const inst of block.instructions) {
          const r = inst.result !== undefined ? local({ kind: 'local', name: inst.result }) : undefined;
          if (!r || !isPtr(inst.type) || this.of.has(r)) continue;
          if (inst.opcode === 'phi' || inst.opcode === 'select')
            for (const o of inst.operands) if (isPtr(o.type)) this.set(r, this.getLocal(o, local));
          if (inst.opcode === 'load') {
            const from = this.getLocal(inst.operands[0] as Operand, local);
            if (from && isPtr(from)) this.set(r, from.to);
          }
        }
      }
    }
  }
}

/** Keys of a function's locals: `%function/name`, so that functions do not share them. */
const localKeys =
  (fn: IRFunction) =>
  (value: Value): string | undefined =>
    value.kind === 'local' ? `%${fn.name}/${value.name}` : undefined;

/** The module with typed pointers throughout and the bitcasts they need (changes `module`). */
export function withTypedPointers(module: Module): Module {
  const namers = new Map(module.functions.map((fn) => [fn, freshNames(fn)]));
  for (const [fn, fresh] of namers) hoistConstantExpressions(fn, fresh);
  const pointees = new Pointees(module);
  pointees.solve();
  const fnType = (fn: IRFunction): Extract<Type, { kind: 'function' }> => {
    const defined = fn.blocks.length > 0;
    return {
      kind: 'function',
      vararg: fn.type.vararg,
      result: pointees.typeOf(fn.type.result, defined ? `%${fn.name}/return` : undefined),
      params: fn.type.params.map((p, i) =>
        isPtr(p)
          ? {
              ...p,
              to:
                (defined
                  ? pointees.of.get(`%${fn.name}/${fn.params[i]}`)
                  : pointees.params.get(`@${fn.name}#${i}`)) ?? i8,
            }
          : typed(p),
      ),
    };
  };
  const types = new Map(module.functions.map((fn) => [fn.name, fnType(fn)]));
  const globalType = (name: string): Type => {
    const fn = types.get(name);
    if (fn) return { kind: 'ptr', space: 0, to: fn };
    const g = module.globals.find((x) => x.name === name);
    if (!g) throw new Error(`gpuc: the IR refers to an unknown global @${name}`);
    return { kind: 'ptr', space: g.space, to: typed(g.valueType) };
  };
  /** A constant's or global's type, typed; constant pointers take `want` when given. */
  const constant = (operand: Operand, want?: Type): Operand => {
    const { value } = operand;
    if (value.kind === 'global') return { type: globalType(value.name), value };
    if (value.kind === 'aggregate') {
      const type = typed(operand.type);
      const elements = value.elements.map((e) => constant(e));
      const slots =
        type.kind === 'struct' ? type.elements : elements.map(() => (type as { element: Type }).element);
      elements.forEach((e, i) => {
        // A global's address in a constant would need a constant cast to the slot's i8*.
        if (!sameType(e.type, slots[i] as Type))
          throw new Error(
            `gpuc: the AIR writer cannot put ${typeKey(e.type)} in a constant's ${typeKey(slots[i] as Type)}`,
          );
      });
      return { type, value: { kind: 'aggregate', elements } };
    }
    return { type: want && isPtr(operand.type) ? want : typed(operand.type), value };
  };
  for (const g of module.globals) {
    g.valueType = typed(g.valueType);
    if (g.init) g.init = constant(g.init);
  }
  for (const node of module.nodes.values())
    for (const ref of node.operands) if (ref.kind === 'value') ref.operand = constant(ref.operand);

  for (const fn of module.functions) {
    fn.type = types.get(fn.name) as Extract<Type, { kind: 'function' }>;
    const local = localKeys(fn);
    const fresh = namers.get(fn) as (prefix: string) => string;
    const localTypes = new Map<string, Type>(fn.params.map((p, i) => [p, fn.type.params[i] as Type]));
    for (const block of fn.blocks)
      for (const inst of block.instructions)
        if (inst.result !== undefined) {
          const r = local({ kind: 'local', name: inst.result });
          inst.type =
            inst.opcode === 'addrspacecast'
              ? { ...(inst.type as PtrType), to: pointees.of.get(r as string) ?? i8 }
              : pointees.typeOf(inst.type, r);
          localTypes.set(inst.result, inst.type);
        }
    rewriteOperands(fn, (inst) => {
      const needs = pointees.demands(inst, fn, local);
      if (inst.opcode === 'call')
        inst.calleeType = types.get(inst.callee as string) ?? typed(inst.calleeType as Type);
      if (inst.opcode === 'getelementptr' || inst.opcode === 'alloca')
        inst.elementType = typed(inst.elementType as Type);
      return (o, i, out) => {
        const want = isPtr(o.type) && needs[i] ? ({ ...o.type, to: needs[i] } as Type) : undefined;
        const have: Operand =
          o.value.kind === 'local'
            ? { type: localTypes.get(o.value.name) ?? typed(o.type), value: o.value }
            : constant(o, want);
        if (!want || sameType(have.type, want) || (o.value.kind !== 'local' && o.value.kind !== 'global'))
          return have;
        const name = fresh('.cast');
        out.push({ result: name, opcode: 'bitcast', type: want, operands: [have] });
        return { type: want, value: { kind: 'local', name } };
      };
    });
  }
  return module;
}
