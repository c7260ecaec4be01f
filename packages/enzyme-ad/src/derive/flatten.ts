/**
 * Flattening: the primal's typed IR with every device function it calls inlined, so that one
 * function is differentiated. Calls to functions with a registered derivative rule stay calls.
 * Inlined instructions keep their own source and remember the call they came from (their
 * span's `site`), so errors still point at their line. Records and tuples built and read in
 * the function are then forwarded: a field read of a record literal is the field's value.
 */
import {
  ARITHMETIC_OPERATIONS,
  emptyBlock,
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
 * derivatives never pass through aggregates (helpers returning `[a, b]` are common).
 */
function forwardAggregates(fn: IRFunction): void {
  const resolve = (inst: Inst): Inst => {
    // A phi with one incoming value (an inlined function with one return) is that value.
    let value = inst;
    while (value.op === 'phi' && value.args.length === 1) value = value.args[0] as Inst;
    return value;
  };
  for (const block of fn.blocks) {
    for (const inst of block.body) {
      let replacement: Inst | undefined;
      const aggregate = inst.args[0] && resolve(inst.args[0]);
      if (inst.op === 'field' && aggregate?.op === 'record')
        replacement = aggregate.args[aggregate.names.indexOf(inst.name)];
      else if (inst.op === 'field' && aggregate?.op === 'tuple')
        replacement = aggregate.args[Number(inst.name)];
      else if (inst.op === 'index' && aggregate?.op === 'tuple') {
        const position = inst.args[1];
        if (position?.op === 'const') replacement = aggregate.args[Number(position.value)];
      }
      if (replacement && replacement.type === inst.type) replaceUses(fn, inst, replacement);
    }
  }
  removeDeadValues(fn);
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
