/**
 * Flattening: the primal's typed IR with every device function it calls inlined, so that one
 * function is differentiated. Calls to functions with a registered derivative rule stay calls.
 * Inlined instructions keep their own source and remember the call they came from (their
 * span's `site`), so errors still point at their line. Records and tuples built and read in
 * the function are then forwarded: a field read of a record literal is the field's value, and
 * of a phi of literals a phi of their fields' values.
 */
import {
  ARITHMETIC_OPERATIONS,
  emptyBlock,
  fieldOf,
  type IRBlock,
  type IRFunction,
  type IRInstruction,
  type IRTerminator,
  type Span,
  type Specialization,
} from '@gpuc/core/compiler';
import { operationOf } from './builder.js';

type Inst = IRInstruction;

/** Copies of blocks and instructions, typed and resolved as the originals. */
class Copier {
  readonly blocks = new Map<IRBlock, IRBlock>();
  readonly values = new Map<Inst, Inst>();

  constructor(
    private readonly fn: IRFunction,
    private readonly span: (span: Span) => Span,
  ) {}

  block(block: IRBlock): IRBlock {
    let copy = this.blocks.get(block);
    if (!copy) {
      copy = emptyBlock(0, block.label);
      this.blocks.set(block, copy);
    }
    return copy;
  }

  value(inst: Inst): Inst {
    let copy = this.values.get(inst);
    if (!copy) {
      copy = {
        ...inst,
        id: this.fn.nextId++,
        args: [],
        span: this.span(inst.span),
        block: this.block(inst.block),
      } as Inst;
      if (copy.op === 'phi') copy.blocks = [];
      this.values.set(inst, copy);
    }
    return copy;
  }

  /** Makes a parameter stand for a value (an inlined call's argument). */
  bind(param: Inst, value: Inst): void {
    this.values.set(param, value);
    this.bound.add(param);
  }

  private readonly bound = new Set<Inst>();

  /** Copies a block's contents (its phis' blocks and its terminator's targets mapped). */
  fill(block: IRBlock): IRBlock {
    const copy = this.block(block);
    copy.predecessors = block.predecessors.map((p) => this.block(p));
    for (const inst of [...block.phis, ...block.body]) {
      if (this.bound.has(inst)) continue;
      const c = this.value(inst);
      c.args = inst.args.map((a) => this.value(a));
      if (inst.op === 'phi' && c.op === 'phi') c.blocks = inst.blocks.map((b) => this.block(b));
      (inst.op === 'phi' ? copy.phis : copy.body).push(c);
    }
    copy.terminator = block.terminator && this.terminator(block.terminator);
    return copy;
  }

  private terminator(t: IRTerminator): IRTerminator {
    const span = this.span(t.span);
    switch (t.kind) {
      case 'jump':
        return { ...t, span, target: this.block(t.target) };
      case 'branch':
        return {
          ...t,
          span,
          condition: this.value(t.condition),
          ifTrue: this.block(t.ifTrue),
          ifFalse: this.block(t.ifFalse),
        };
      case 'return':
        return { ...t, span, value: t.value && this.value(t.value) };
      default:
        return { ...t, span };
    }
  }
}

/**
 * The primal with its calls inlined, except the calls `keep` accepts. A new function: the
 * specialization's IR is not changed.
 */
export function flatten(spec: Specialization, keep: (call: Inst) => boolean): IRFunction {
  const fn: IRFunction = { ...spec.fn, params: [], blocks: [], nextId: spec.fn.nextId };
  const copier = new Copier(fn, (span) => span);
  fn.blocks = spec.fn.blocks.map((b) => copier.fill(b));
  fn.params = spec.fn.params.map((p) => copier.value(p));
  for (;;) {
    const call = findCall(fn, keep);
    if (!call) break;
    inline(fn, call);
  }
  forwardAggregates(fn);
  commonValues(fn);
  fn.blocks.forEach((block, id) => {
    block.id = id;
  });
  return fn;
}

function findCall(fn: IRFunction, keep: (call: Inst) => boolean): Inst | undefined {
  for (const block of fn.blocks) {
    for (const inst of block.body) {
      if (inst.target?.kind === 'function' && !keep(inst)) return inst;
    }
  }
  return undefined;
}

/** Replaces a call with the callee's blocks. */
function inline(fn: IRFunction, call: Inst): void {
  const target = call.target as Extract<Inst['target'], { kind: 'function' }>;
  const callee = target.specialization.fn;
  const block = call.block;
  // Inlined code keeps its own source; line tables put it at the outermost call.
  const site = call.span.source === undefined ? call.span : call.span.site;
  const copier = new Copier(fn, (span) =>
    span.source === undefined ? { ...span, source: callee.source, ...(site ? { site } : {}) } : span,
  );
  const args = call.op === 'callvalue' ? call.args.slice(1) : call.args;
  callee.params.forEach((param, i) => {
    copier.bind(param, args[i] as Inst);
  });
  const blocks = callee.blocks.map((b) => copier.fill(b));

  // The rest of the caller's block continues after the callee returns.
  const position = block.body.indexOf(call);
  const rest = emptyBlock(0, `${block.label}.after.${callee.name}`);
  rest.body = block.body.slice(position + 1);
  rest.terminator = block.terminator;
  for (const inst of rest.body) inst.block = rest;
  for (const next of successorsOf(block)) {
    next.predecessors = next.predecessors.map((p) => (p === block ? rest : p));
    for (const phi of next.phis)
      if (phi.op === 'phi') phi.blocks = phi.blocks.map((b) => (b === block ? rest : b));
  }
  const entry = blocks[0] as IRBlock;
  block.body = block.body.slice(0, position);
  block.terminator = { kind: 'jump', target: entry, span: call.span };
  entry.predecessors.push(block);

  const result: Inst | undefined =
    call.type?.kind === 'void'
      ? undefined
      : ({
          op: 'phi',
          blocks: [],
          id: fn.nextId++,
          args: [],
          type: call.type,
          span: call.span,
          block: rest,
        } as Inst);
  if (result) rest.phis.push(result);
  for (const b of blocks) {
    const t = b.terminator;
    if (t?.kind !== 'return') continue;
    if (result && result.op === 'phi' && t.value) {
      result.args.push(t.value);
      result.blocks.push(b);
    }
    b.terminator = { kind: 'jump', target: rest, span: t.span };
    rest.predecessors.push(b);
  }
  const at = fn.blocks.indexOf(block);
  fn.blocks.splice(at + 1, 0, ...blocks, rest);
  replaceUses(fn, call, result);
}

function successorsOf(block: IRBlock): IRBlock[] {
  const t = block.terminator;
  return t?.kind === 'jump' ? [t.target] : t?.kind === 'branch' ? [t.ifTrue, t.ifFalse] : [];
}

/** Replaces every use of `from` with `to` (uses of a void call: there are none). */
function replaceUses(fn: IRFunction, from: Inst, to: Inst | undefined): void {
  for (const block of fn.blocks) {
    for (const inst of [...block.phis, ...block.body])
      inst.args = inst.args.map((a) => (a === from ? (to as Inst) : a));
    const t = block.terminator;
    if (t?.kind === 'branch' && t.condition === from) t.condition = to as Inst;
    if (t?.kind === 'return' && t.value === from) t.value = to;
  }
}

/**
 * Reads of records and tuples the function builds itself become the values they hold, so that
 * derivatives never pass through aggregates (helpers returning `[a, b]` are common). A read of
 * a phi of aggregates (a helper returning a tuple from several `return`s, a conditional choosing
 * between two records) becomes a phi of the values read from each.
 */
function forwardAggregates(fn: IRFunction): void {
  const components = new Map<Inst, Map<string, Inst | undefined>>();
  /** The value at `key` (a field's name, a tuple's position) of an aggregate, if known. */
  const component = (aggregate: Inst, key: string): Inst | undefined => {
    if (aggregate.op !== 'phi') return literalComponent(aggregate, key);
    if (!components.get(aggregate)?.has(key)) {
      const made = componentPhis(fn, aggregate, key) ?? new Map([[aggregate, undefined]]);
      for (const [phi, value] of made) {
        const known = components.get(phi) ?? new Map<string, Inst | undefined>();
        components.set(phi, known.set(key, value));
      }
    }
    return components.get(aggregate)?.get(key);
  };
  for (const block of fn.blocks) {
    // A copy: typed constants may be inserted into the block.
    for (const inst of [...block.body]) {
      const aggregate = inst.args[0] && through(inst.args[0]);
      if (!aggregate) continue;
      let key: string | undefined;
      if (inst.op === 'field') key = inst.name;
      else if (inst.op === 'index' && inst.args[1]?.op === 'const') key = String(inst.args[1].value);
      if (key === undefined || (aggregate.type?.kind !== 'record' && aggregate.type?.kind !== 'tuple'))
        continue;
      const replacement = component(aggregate, key);
      if (replacement && replacement.type === inst.type) replaceUses(fn, inst, replacement);
    }
  }
  removeDeadValues(fn);
}

/** The value at `key` of a record or tuple literal. */
function literalComponent(aggregate: Inst, key: string): Inst | undefined {
  if (aggregate.op === 'record') return aggregate.args[aggregate.names.indexOf(key)];
  if (aggregate.op === 'tuple') return aggregate.args[Number(key)];
  return undefined;
}

/**
 * For a phi of aggregates and a key, a new phi of the key's values for it and for every phi of
 * aggregates it reaches (a loop carries them round a cycle), or undefined where a value reaching
 * it is not a literal holding the key, or the keys' values differ in type.
 */
function componentPhis(fn: IRFunction, root: Inst, key: string): Map<Inst, Inst> | undefined {
  const phis: Inst[] = [];
  const leaves: Inst[] = [];
  const seen = new Set<Inst>();
  const visit = (value: Inst): boolean => {
    const inst = through(value);
    if (inst.op !== 'phi') {
      const leaf = literalComponent(inst, key);
      if (leaf) leaves.push(leaf);
      return leaf !== undefined;
    }
    if (seen.has(inst)) return true;
    seen.add(inst);
    phis.push(inst);
    return inst.args.every(visit);
  };
  if (!visit(root)) return undefined;
  const type = componentType(root, key);
  // A literal's constants keep their own type (0 in { mean: 0 } is an i32): one of the field's is made.
  const typed = new Map<Inst, Inst>();
  for (const leaf of leaves) {
    if (leaf.type === type || typed.has(leaf)) continue;
    if (leaf.op !== 'const' || type?.kind !== 'scalar' || typeof leaf.value !== 'number') return undefined;
    const copy = {
      ...leaf,
      id: fn.nextId++,
      type,
      float: type.name === 'f32' || type.name === 'f64',
    } as Inst;
    leaf.block.body.splice(leaf.block.body.indexOf(leaf) + 1, 0, copy);
    typed.set(leaf, copy);
  }
  const made = new Map<Inst, Inst>();
  for (const phi of phis) {
    const copy = { ...phi, id: fn.nextId++, args: [], type } as Inst;
    if (copy.op === 'phi' && phi.op === 'phi') copy.blocks = [...phi.blocks];
    phi.block.phis.push(copy);
    made.set(phi, copy);
  }
  for (const [phi, copy] of made)
    copy.args = phi.args.map((arg) => {
      const leaf = literalComponent(through(arg), key) as Inst;
      return made.get(through(arg)) ?? typed.get(leaf) ?? leaf;
    });
  return made;
}

/** The type of the value at `key` of an aggregate. */
function componentType(aggregate: Inst, key: string) {
  const type = aggregate.type;
  if (type?.kind === 'record') return fieldOf(type, key);
  return type?.kind === 'tuple' ? type.elements[Number(key)] : undefined;
}

/** A phi of one value (an inlined function with one return) is that value. */
function through(inst: Inst): Inst {
  let value = inst;
  while (value.op === 'phi' && value.args.length === 1) value = value.args[0] as Inst;
  return value;
}

/**
 * Repeated pure values in a block become one (a[i] * a[i] reads a[i] once): a derivative then
 * accumulates into the shadow once, not once per read.
 */
function commonValues(fn: IRFunction): void {
  for (const block of fn.blocks) {
    const seen = new Map<string, Inst>();
    for (const inst of block.body) {
      if (inst.op === 'store' || inst.op === 'call' || inst.op === 'callvalue') {
        // Memory may have changed: forget the reads.
        for (const [key, value] of seen) if (value.op === 'index') seen.delete(key);
        continue;
      }
      if (!PURE.has(inst.op) || inst.op === 'phi' || inst.op === 'const' || inst.op === 'global') continue;
      const key = `${JSON.stringify(operationOf(inst))}|${inst.type?.key}|${inst.args.map((a) => a.id).join(',')}`;
      const earlier = seen.get(key);
      if (earlier) replaceUses(fn, inst, earlier);
      else seen.set(key, inst);
    }
  }
  removeDeadValues(fn);
}

/** Values whose only effect is their value (reads included). */
const PURE = new Set([...ARITHMETIC_OPERATIONS, 'field', 'record', 'tuple', 'index', 'phi']);

/** Removes values nothing uses and that do nothing else (the aggregates forwarding emptied). */
function removeDeadValues(fn: IRFunction): void {
  for (let changed = true; changed; ) {
    const used = new Set<Inst>();
    for (const block of fn.blocks) {
      for (const inst of [...block.phis, ...block.body]) for (const arg of inst.args) used.add(arg);
      const t = block.terminator;
      if (t?.kind === 'branch') used.add(t.condition);
      if (t?.kind === 'return' && t.value) used.add(t.value);
    }
    changed = false;
    for (const block of fn.blocks) {
      const keep = (inst: Inst) => used.has(inst) || !PURE.has(inst.op);
      const phis = block.phis.filter(keep);
      const body = block.body.filter(keep);
      if (phis.length !== block.phis.length || body.length !== block.body.length) changed = true;
      block.phis = phis;
      block.body = body;
    }
  }
}
