/**
 * Reverse mode: a forward sweep (the primal, recording what the reverse needs), then a reverse
 * sweep that visits the executed blocks in reverse order, propagating adjoints from the result
 * back to the Active arguments and into the shadows of Duplicated arrays.
 *
 * Each primal block B has its forward copy F(B) and its reverse R(B). R(B) undoes B's body in
 * reverse, moves the adjoints of B's phis to the predecessor it came from, and continues at
 * that predecessor's R. Which predecessor: the only one; for a loop header, a counter of the
 * iterations (the latch while it is positive); for the merge of an if/else, the branch's
 * condition; otherwise an index recorded when F(B) ran.
 *
 * The primal values R(B) reads are made available in the cheapest way that is right:
 * - constants and parameters, and values computed once on every path to the result, directly;
 * - in loops, by recomputing pure code from values that are available (loop counters are
 *   recovered by undoing their steps, arrays the function never writes are read again);
 * - otherwise stored when F(B) runs: in a slot outside loops, pushed on a tape inside them.
 *
 * Adjoints, slots and loop counters are local arrays indexed by constants, which the optimiser
 * turns into registers; tapes are local arrays of a fixed capacity whose overflow is a device
 * exception when the forward sweep ends (before the reverse reads anything).
 */

import {
  ARITHMETIC_OPERATIONS,
  type ArrayType,
  type IRBlock,
  type IRFunction,
  type IRInstruction,
  isInteger,
  type ScalarType,
  type Span,
} from '@gpuc/core/compiler';
import type { KernelType } from '@gpuc/core/host';
import { IRBuilder, incoming, operationOf, type UnrollHint } from './builder.js';
import { ControlFlow, type Loop, predecessors, successors } from './cfg.js';
import { PartialEmitter, partialReads, partialsOf } from './emit.js';
import { copyOf, type DerivativeInput } from './input.js';
import { hasMathRule } from './partials.js';
import { PURE_CALL, privateReads } from './private.js';

type Inst = IRInstruction;

/** How R(B) finds the predecessor B was entered from. */
type Control =
  | { kind: 'entry' }
  | { kind: 'single'; pred: IRBlock }
  | { kind: 'counter'; loop: Loop; pre: IRBlock; latch: IRBlock }
  | { kind: 'condition'; condition: Inst; ifTrue: IRBlock; ifFalse: IRBlock }
  | { kind: 'record'; preds: IRBlock[] };

/** How a primal value is made available in a reverse block. */
type Availability = 'const' | 'direct' | 'counter' | 'recompute' | 'slot' | 'tape';

/**
 * A loop the data ends whose tape holds one chunk of iterations at a time (see `findChunked`).
 */
interface Chunked {
  readonly loop: Loop;
  /** Header phis a checkpoint keeps, in push order (used counters are recovered from their slots). */
  readonly saved: readonly Inst[];
  readonly counters: readonly Counter[];
  /** What a replay computes: the values pushed, the branch conditions, and what they read. */
  readonly replayed: ReadonlySet<Inst>;
  /** The element types of the tapes the loop's iterations and checkpoints push. */
  readonly elements: readonly string[];
}

/** A loop counter (an induction variable) that the reverse sweep steps back. */
interface Counter {
  readonly phi: Inst;
  readonly loop: Loop;
  /** The step, and whether the forward sweep added it. */
  readonly step: Inst;
  readonly adds: boolean;
}

const RECOMPUTE_DEPTH = 8;
/**
 * How much a counted loop with tape entries unrolls (see `findUnrolled`): fully where its trip
 * count is a constant of at most 16, a tape of registers. Not fully beyond: a longer tape would
 * spill, and the code would grow with the trip count (an unroll count also unrolls a loop whose
 * trip count is known only at run time, by 16: longer code, the tape still in memory).
 */
const UNROLL = 16;

export function reverseMode(input: DerivativeInput): IRFunction {
  return new ReverseSweep(input).build();
}

class ReverseSweep {
  private readonly out: IRBuilder;
  private readonly cfg: ControlFlow;
  private readonly varied: ReadonlySet<Inst>;
  private readonly useful: ReadonlySet<Inst>;
  private readonly prologue: IRBlock;
  private readonly forward = new Map<IRBlock, IRBlock>();
  private readonly reverse = new Map<IRBlock, IRBlock>();
  private readonly final: IRBlock;
  /** Primal values' copies in the forward sweep. */
  private readonly values = new Map<Inst, Inst>();
  private readonly controls = new Map<IRBlock, Control>();
  private readonly needs = new Map<IRBlock, Inst[]>();
  private readonly availability = new Map<IRBlock, Map<Inst, Availability>>();
  /** Loop counters by phi, and the ones the reverse sweep uses. */
  private readonly counters = new Map<Inst, Counter>();
  private readonly countersUsed = new Set<Inst>();
  /** Loops whose iteration counts and counters F(B) saves and R(B) restores. */
  private readonly saves = new Map<IRBlock, Loop[]>();
  private readonly returns: IRBlock[] = [];
  private readonly shadows = new Map<Inst, Inst>();
  private readonly storage = new Map<
    string,
    { array: Inst & { op: 'newarray' }; slots: Map<unknown, number> }
  >();
  private readonly tapes = new Map<string, Inst>();
  private readonly chunked = new Map<Loop, Chunked>();
  /** Counted loops with tape entries, whose forward and reverse copies ask to unroll by `UNROLL` (see `findUnrolled`). */
  private readonly unrolled = new Set<Loop>();
  /** The forward sweep's blocks on an edge into a chunked loop's header: where the edge enters, and which jump to the header. */
  private readonly edges = new Map<IRBlock, { head: IRBlock; entries: IRBlock[] }>();
  private readonly readOnly: (array: Inst) => boolean;
  /** Reads whose shadow elements no other thread touches (see private.ts). */
  private readonly privateReads: ReadonlySet<Inst>;
  /** Reads whose value only arithmetic uses: their adjoints are zero only by accident. */
  private readonly denseReads: ReadonlySet<Inst>;
  private tapeSpan: Span | undefined;

  constructor(private readonly input: DerivativeInput) {
    const { flat, analysis } = input;
    this.varied = analysis.varied;
    this.useful = analysis.useful;
    this.cfg = new ControlFlow(flat);
    this.out = IRBuilder.create(`${input.name}.reverse`, input.source);
    this.prologue = this.out.block;
    for (const block of this.cfg.order) {
      this.forward.set(block, this.out.newBlock(block.label));
      if (block.terminator?.kind === 'return') this.returns.push(block);
    }
    for (const block of [...this.cfg.order].reverse())
      this.reverse.set(block, this.out.newBlock(`${block.label}.reverse`));
    this.final = this.out.newBlock('gradient');
    this.readOnly = this.readOnlyArrays();
    const { origin } = input.analysis;
    this.privateReads = new Set(input.flat.blocks.flatMap((block) => [...privateReads(block, origin)]));
    this.denseReads = denseReads(input.flat.blocks);
  }

  build(): IRFunction {
    this.findCounters();
    for (const block of this.cfg.order) {
      this.controls.set(block, this.control(block));
      this.needs.set(block, this.blockNeeds(block));
    }
    for (const block of this.cfg.order) {
      const kinds = new Map<Inst, Availability>();
      this.availability.set(block, kinds);
      for (const value of this.needs.get(block) as Inst[]) this.classify(value, block, 0);
    }
    this.findSaves();
    this.findChunked();
    this.findUnrolled();
    this.emitPrologue();
    for (const block of this.cfg.order) this.emitForward(block);
    this.completePhis();
    for (const chunk of this.chunked.values()) this.emitCheckpoints(chunk);
    for (const block of this.returns) this.emitReturn(block);
    for (const block of this.cfg.order) this.emitReverse(block);
    this.emitFinal();
    this.initializeAdjoints();
    return this.out.fn;
  }

  private get span(): Span {
    return (
      this.input.flat.params[0]?.span ?? this.input.flat.blocks[0]?.terminator?.span ?? { start: 0, end: 0 }
    );
  }

  // ---- analysis

  /**
   * Arrays whose reads can be repeated: captured arrays (constant: nothing writes them), and
   * parameters when the function writes no memory.
   */
  private readOnlyArrays(): (array: Inst) => boolean {
    const { flat, analysis } = this.input;
    let writes = false;
    for (const block of flat.blocks) {
      for (const inst of block.body) {
        const writesMemory =
          (inst.op === 'store' && analysis.origin(inst.args[0] as Inst)?.op !== 'newarray') ||
          (inst.op === 'call' && /^gpu\.atomic/.test(inst.name)) ||
          inst.op === 'callvalue' ||
          (inst.op === 'call' && inst.target?.kind === 'function' && !hasMathRule(inst));
        if (writesMemory) writes = true;
      }
    }
    return (array) =>
      (array.type as ArrayType).space === 'constant' || (!writes && analysis.origin(array)?.op === 'param');
  }

  /** Integer phis of loop headers that step by an available amount each iteration. */
  private findCounters(): void {
    for (const loop of this.cfg.loops) {
      const control = this.control(loop.header);
      if (control.kind !== 'counter') continue;
      for (const phi of loop.header.phis) {
        if (phi.op !== 'phi' || !isInteger(phi.type as KernelType)) continue;
        const next = phi.args[phi.blocks.indexOf(control.latch)];
        if (next?.op !== 'binary' || (next.operator !== '+' && next.operator !== '-')) continue;
        const [a, b] = next.args as [Inst, Inst];
        const step = a === phi ? b : next.operator === '+' && b === phi ? a : undefined;
        if (!step || !this.everywhere(step)) continue;
        this.counters.set(phi, { phi, loop, step, adds: next.operator === '+' });
      }
    }
  }

  /** Whether a value is the same wherever the reverse sweep reads it. */
  private everywhere(value: Inst): boolean {
    if (value.op === 'const' || value.op === 'param' || value.op === 'global') return true;
    return this.cfg.loopOf(value.block) === undefined && this.reachesAllReturns(value.block);
  }

  private reachesAllReturns(block: IRBlock): boolean {
    return this.returns.every((r) => this.cfg.dominates(block, r));
  }

  private control(block: IRBlock): Control {
    const preds = predecessors(block);
    if (preds.length === 0) return { kind: 'entry' };
    if (preds.length === 1) return { kind: 'single', pred: preds[0] as IRBlock };
    const loop = this.cfg.loopOf(block);
    if (loop?.header === block && preds.length === 2) {
      const inside = preds.filter((p) => loop.blocks.has(p));
      if (inside.length === 1) {
        const latch = inside[0] as IRBlock;
        return { kind: 'counter', loop, latch, pre: preds.find((p) => p !== latch) as IRBlock };
      }
    }
    // The merge of a branch: each predecessor on one side of it.
    const branch = this.cfg.immediateDominator(block);
    const t = branch?.terminator;
    if (preds.length === 2 && branch && t?.kind === 'branch' && loop?.header !== block) {
      const side = (pred: IRBlock): boolean | undefined => {
        if (pred === branch) return t.ifTrue === block ? true : t.ifFalse === block ? false : undefined;
        const under = (start: IRBlock) =>
          start !== block && predecessors(start).length === 1 && this.cfg.dominates(start, pred);
        if (under(t.ifTrue)) return true;
        if (under(t.ifFalse)) return false;
        return undefined;
      };
      const [a, b] = preds as [IRBlock, IRBlock];
      const [sa, sb] = [side(a), side(b)];
      if (sa !== undefined && sb !== undefined && sa !== sb)
        return { kind: 'condition', condition: t.condition, ifTrue: sa ? a : b, ifFalse: sa ? b : a };
    }
    return { kind: 'record', preds };
  }

  /** The primal values R(B) reads, in a fixed order. */
  private blockNeeds(block: IRBlock): Inst[] {
    const needs = new Set<Inst>();
    const { ruleName } = this.input;
    for (const inst of block.body) {
      if (inst.op === 'index' && this.useful.has(inst)) needs.add(inst.args[1] as Inst);
      else if (inst.op === 'store' && this.shadowOf(inst.args[0] as Inst)) needs.add(inst.args[1] as Inst);
      else if (this.useful.has(inst) && inst.op !== 'phi' && inst.op !== 'param')
        for (const value of partialReads(inst, this.varied, ruleName(inst))) needs.add(value);
    }
    const control = this.controls.get(block);
    if (control?.kind === 'condition') needs.add(control.condition);
    return [...needs];
  }

  /** How `value` is made available in R(B); recomputation classifies its operands too. */
  private classify(value: Inst, block: IRBlock, depth: number): Availability {
    const kinds = this.availability.get(block) as Map<Inst, Availability>;
    const known = kinds.get(value);
    if (known) return known;
    const kind = this.decide(value, block, depth);
    kinds.set(value, kind);
    if (kind === 'counter') this.countersUsed.add(value);
    return kind;
  }

  private decide(value: Inst, block: IRBlock, depth: number): Availability {
    if (value.op === 'const') return 'const';
    if (value.op === 'param') return 'direct';
    if (this.cfg.loopOf(value.block) === undefined && this.reachesAllReturns(value.block)) return 'direct';
    const counter = this.counters.get(value);
    if (counter?.loop.blocks.has(block)) return 'counter';
    // Defined outside every loop that runs B again: one value for all of B's runs (the last
    // of its own loop's), so a register holds it where a tape would take one entry per run.
    if (!this.loopRunsBoth(value.block, block))
      return this.reachesAllReturns(value.block) ? 'direct' : 'slot';
    const inLoop = this.cfg.loopOf(block) !== undefined;
    if (inLoop && depth < RECOMPUTE_DEPTH && this.recomputable(value)) {
      // The operands' choices stand either way (other reads may use them). In a loop the data
      // ends, an operand R(B) reads anyway is stored anyway: recomputing from it saves a tape
      // entry in memory. (A counted loop's tape may become registers once unrolled, where the
      // longer code of recomputation could stop the unrolling.)
      const needs = this.dataBound(block) ? (this.needs.get(block) as Inst[]) : [];
      const stored = value.args.filter((arg) => {
        const kind = this.classify(arg, block, depth + 1);
        return (kind === 'slot' || kind === 'tape') && !needs.includes(arg);
      });
      if (stored.length === 0) return 'recompute';
    }
    return inLoop ? 'tape' : 'slot';
  }

  /**
   * Whether B is in a loop that the data ends: one with an exit that is not a comparison of a
   * counter (or its next value) with a value fixed for the whole call.
   */
  private dataBound(block: IRBlock): boolean {
    const loop = this.cfg.loopOf(block);
    if (!loop) return false;
    const counted = (value: Inst) =>
      this.everywhere(value) ||
      this.counters.get(value)?.loop === loop ||
      (value.op === 'binary' && value.args.some((arg) => this.counters.get(arg)?.loop === loop));
    return [...loop.blocks].some((b) => {
      const t = b.terminator;
      if (t?.kind !== 'branch' || (loop.blocks.has(t.ifTrue) && loop.blocks.has(t.ifFalse))) return false;
      const test = t.condition.op === 'truthy' ? (t.condition.args[0] as Inst) : t.condition;
      return !(test.op === 'compare' && test.args.every(counted));
    });
  }

  /**
   * Counted loops whose iterations push on a tape: both sweeps' copies ask to be unrolled
   * (`UNROLL`). Where the trip count is a constant once the call is inlined (a slice of m
   * elements) and small, the unrolled tape's indices are constants and it becomes registers;
   * rolled, it stays a local array in memory, one store and one load per entry, and each
   * iteration waits for the last. Such a loop's body is often too long for the unroller's own
   * threshold (a Math call inlined), which the primal, with no tape, can afford to keep rolled.
   * Loops the data ends are left alone.
   */
  private findUnrolled(): void {
    for (const loop of this.cfg.loops) {
      if (this.dataBound(loop.header)) continue;
      const pushes = [...loop.blocks].some((block) => {
        const kinds = this.availability.get(block) as Map<Inst, Availability>;
        return (
          this.controls.get(block)?.kind === 'record' ||
          (this.saves.get(block)?.length ?? 0) > 0 ||
          (this.needs.get(block) as Inst[]).some((value) => kinds.get(value) === 'tape')
        );
      });
      if (pushes) this.unrolled.add(loop);
    }
  }

  /** The unrolling asked of the loop whose back edge goes from `block` to `next`, if it is one. */
  private unrollOf(block: IRBlock, next: IRBlock): UnrollHint | undefined {
    const loop = this.cfg.loopOf(next);
    if (!loop || loop.header !== next || !loop.blocks.has(block)) return undefined;
    return this.unrolled.has(loop) ? UNROLL : undefined;
  }

  /** Whether some loop holds both blocks (runs `use` again after `definition`). */
  private loopRunsBoth(definition: IRBlock, use: IRBlock): boolean {
    for (let loop = this.cfg.loopOf(use); loop; loop = loop.parent)
      if (loop.blocks.has(definition)) return true;
    return false;
  }

  private recomputable(value: Inst): boolean {
    if (ARITHMETIC_OPERATIONS.has(value.op)) return true;
    if (value.op === 'index') return this.readOnly(value.args[0] as Inst);
    return (
      value.op === 'call' &&
      (value.target?.kind !== 'function' || hasMathRule(value)) &&
      PURE_CALL.test(value.name)
    );
  }

  /** Loops whose counters must be saved at each block their exits reach inside another loop. */
  private findSaves(): void {
    for (const block of this.cfg.order) {
      for (const next of successors(block)) {
        if (this.cfg.loopOf(next) === undefined) continue;
        for (const loop of this.cfg.exitedLoops(block, next)) {
          if (this.control(loop.header).kind !== 'counter') continue;
          const list = this.saves.get(next) ?? [];
          if (!list.includes(loop)) list.push(loop);
          this.saves.set(next, list);
        }
      }
    }
  }

  /**
   * Loops the data ends, whose tapes cannot become registers: the forward sweep keeps a
   * checkpoint of the loop's state (its header phis) every `checkpoint` iterations, and at each
   * checkpoint the tape entries of the chunk before it give way, so that the tape holds one
   * chunk, not every iteration (on a GPU, a chunk's entries stay in the L1 cache where a long
   * loop's did not). The reverse sweep reverses the last chunk from the tape as before; at the
   * start of each chunk it runs the chunk before it again from that chunk's checkpoint, pushing
   * its entries. Each iteration runs once more in all, the price of the memory.
   *
   * Only for an outermost loop without inner loops, whose replay reads no memory that the
   * function writes and no value that changes outside it: what the reverse reads (taped values,
   * branch conditions) and what those are computed from must be pure, and whatever comes from
   * outside the loop must be the same wherever the reverse sweep runs.
   */
  private findChunked(): void {
    if (this.input.checkpoint < 2) return;
    for (const loop of this.cfg.loops) {
      if (loop.depth !== 1 || this.cfg.loops.some((inner) => inner.parent === loop)) continue;
      if (this.controls.get(loop.header)?.kind !== 'counter' || !this.dataBound(loop.header)) continue;
      const chunk = this.chunkOf(loop);
      if (chunk) this.chunked.set(loop, chunk);
    }
  }

  private chunkOf(loop: Loop): Chunked | undefined {
    const roots: Inst[] = [];
    const elements = new Set<string>();
    for (const block of loop.blocks) {
      const t = block.terminator;
      if (t?.kind !== 'jump' && t?.kind !== 'branch') return undefined;
      if (t.kind === 'branch') roots.push(t.condition);
      const kinds = this.availability.get(block) as Map<Inst, Availability>;
      for (const value of this.needs.get(block) as Inst[])
        if (kinds.get(value) === 'tape') {
          roots.push(value);
          elements.add(this.elementOf(value));
        }
      if (this.controls.get(block)?.kind === 'record') elements.add('u8');
    }
    if (elements.size === 0) return undefined;
    const control = this.controls.get(loop.header) as Extract<Control, { kind: 'counter' }>;
    const counters = this.loopCounters(loop);
    const replayed = new Set<Inst>();
    const replayable = (value: Inst): boolean => {
      if (replayed.has(value)) return true;
      if (!loop.blocks.has(value.block)) return this.everywhere(value);
      if (value.op !== 'phi' && !this.recomputable(value)) return false;
      replayed.add(value);
      // A header phi starts a replay from its checkpoint: only what the latch gives it counts.
      const args =
        value.op === 'phi' && value.block === loop.header
          ? [value.args[value.blocks.indexOf(control.latch)] as Inst]
          : value.args;
      return args.every(replayable);
    };
    if (![...roots, ...counters.map((c) => c.phi)].every(replayable)) return undefined;
    const saved = loop.header.phis.filter((phi) => replayed.has(phi) && !counters.some((c) => c.phi === phi));
    // A tape holds numbers: a loop carrying an array or a record keeps every iteration.
    if (saved.some((phi) => phi.type?.kind !== 'scalar')) return undefined;
    for (const phi of saved) elements.add(this.elementOf(phi));
    return { loop, saved, counters, replayed, elements: [...elements] };
  }

  // ---- storage

  private slotArray(
    kind: string,
    element: string,
  ): { array: Inst & { op: 'newarray' }; slots: Map<unknown, number> } {
    const key = `${kind}:${element}`;
    let storage = this.storage.get(key);
    if (!storage) {
      const here = this.out.block;
      this.out.at(this.prologue);
      const array = this.out.emit({ op: 'newarray', element, length: 1 }, [], this.span) as Inst & {
        op: 'newarray';
      };
      this.out.at(here);
      storage = { array, slots: new Map() };
      this.storage.set(key, storage);
    }
    return storage;
  }

  /** A constant-indexed slot of a local array: `kind` names the array, `owner` the slot. */
  private slot(kind: string, element: string, owner: unknown): { array: Inst; index: number } {
    const storage = this.slotArray(kind, element);
    let index = storage.slots.get(owner);
    if (index === undefined) {
      index = storage.slots.size;
      storage.slots.set(owner, index);
      storage.array.length = Math.max(1, storage.slots.size);
    }
    return { array: storage.array, index };
  }

  private load(slot: { array: Inst; index: number }, span: Span): Inst {
    return this.out.index(slot.array, this.out.constant(slot.index, span), span);
  }

  private storeSlot(slot: { array: Inst; index: number }, value: Inst, span: Span): void {
    this.out.store(slot.array, this.out.constant(slot.index, span), value, span);
  }

  private elementOf(value: Inst): string {
    return (value.type as ScalarType).name;
  }

  private tape(element: string): { array: Inst; top: { array: Inst; index: number } } {
    let array = this.tapes.get(element);
    if (!array) {
      const here = this.out.block;
      this.out.at(this.prologue);
      array = this.out.emit(
        { op: 'newarray', element, length: this.input.tapeCapacity, uninitialized: true },
        [],
        this.span,
      );
      this.out.at(here);
      this.tapes.set(element, array);
    }
    return { array, top: this.slot('tops', 'i32', element) };
  }

  private push(value: Inst, element: string, span: Span): void {
    this.tapeSpan ??= span;
    const { array, top } = this.tape(element);
    const out = this.out;
    const at = this.load(top, span);
    const clamped = out.call('Math.min', [at, out.constant(this.input.tapeCapacity - 1, span)], span);
    out.store(array, clamped, value, span);
    this.storeSlot(top, out.binary('+', at, out.constant(1, span), span), span);
  }

  private pop(element: string, span: Span): Inst {
    const { array, top } = this.tape(element);
    const out = this.out;
    const at = out.binary('-', this.load(top, span), out.constant(1, span), span);
    this.storeSlot(top, at, span);
    return out.index(array, at, span);
  }

  private adjoint(value: Inst): { array: Inst; index: number } {
    return this.slot('adjoint', this.elementOf(value), value);
  }

  private addAdjoint(value: Inst, amount: Inst, span: Span): void {
    const slot = this.adjoint(value);
    const out = this.out;
    this.storeSlot(slot, out.binary('+', this.load(slot, span), amount, span), span);
  }

  /**
   * Takes a value's adjoint, leaving zero (an earlier iteration's instance starts from zero).
   * Adjoints start at -0, which adding leaves exact, so that the optimiser drops the additions.
   */
  private takeAdjoint(value: Inst, span: Span): Inst {
    const slot = this.adjoint(value);
    const taken = this.load(slot, span);
    this.storeSlot(slot, this.out.constant(-0, span), span);
    return taken;
  }

  /** The shadow of an array value, when it has one. */
  private shadowOf(array: Inst): Inst | undefined {
    const origin = this.input.analysis.origin(array);
    return origin && this.input.analysis.shadowed.has(origin) ? origin : undefined;
  }

  // ---- the forward sweep

  private emitPrologue(): void {
    const { flat, activities } = this.input;
    const out = this.out.at(this.prologue);
    let index = 0;
    flat.params.forEach((param, i) => {
      if (param.op !== 'param') return;
      const copy = out.emit({ op: 'param', index: index++, name: param.name }, [], param.span);
      out.fn.params.push(copy);
      this.values.set(param, copy);
      if (activities[i] === 'duplicated') {
        const shadow = out.emit({ op: 'param', index: index++, name: `d${param.name}` }, [], param.span);
        out.fn.params.push(shadow);
        this.shadows.set(param, shadow);
      }
    });
    for (const block of flat.blocks) {
      for (const inst of block.body) {
        if (inst.op === 'newarray' && this.input.analysis.shadowed.has(inst))
          this.shadows.set(inst, out.emit({ ...operationOf(inst) }, [], inst.span));
      }
    }
    for (const block of this.cfg.order) {
      out.at(this.forward.get(block) as IRBlock);
      for (const phi of block.phis) this.values.set(phi, out.phi(phi.span));
    }
    out.at(this.prologue).jump(this.forward.get(flat.blocks[0] as IRBlock) as IRBlock, this.span);
  }

  private emitForward(block: IRBlock): void {
    const out = this.out.at(this.forward.get(block) as IRBlock);
    const span = block.phis[0]?.span ?? block.body[0]?.span ?? block.terminator?.span ?? this.span;
    const control = this.controls.get(block) as Control;
    // Which predecessor the block was entered from, where R(B) cannot tell otherwise.
    if (control.kind === 'record' || control.kind === 'counter') {
      const preds = control.kind === 'record' ? control.preds : [control.pre, control.latch];
      const from = out.phi(span);
      preds.forEach((pred, j) => {
        const here = out.block;
        out.at(this.prologue);
        const constant = out.constant(j, span);
        out.at(here);
        for (const source of this.sources(pred, block)) incoming(from, constant, source);
      });
      if (control.kind === 'counter') {
        const count = this.slot('count', 'i32', control.loop);
        const next = out.binary(
          '*',
          out.binary('+', this.load(count, span), out.constant(1, span), span),
          from,
          span,
        );
        this.storeSlot(count, next, span);
      } else if (this.cfg.loopOf(block)) this.push(from, 'u8', span);
      else this.storeSlot(this.slot('from', 'u8', block), from, span);
    }
    for (const phi of block.phis)
      if (this.countersUsed.has(phi))
        this.storeSlot(this.valueSlot(phi), this.values.get(phi) as Inst, phi.span);
    for (const loop of this.saves.get(block) ?? []) {
      this.push(this.load(this.slot('count', 'i32', loop), span), 'i32', span);
      for (const counter of this.loopCounters(loop))
        this.push(this.load(this.valueSlot(counter.phi), span), this.elementOf(counter.phi), span);
    }
    for (const inst of block.body) {
      if (inst.op === 'param' || this.input.dropped.has(inst)) continue;
      const { operation, args } = copyOf(this.input, inst);
      const copy = out.emit(
        operation,
        args.map((a) => this.values.get(a) as Inst),
        inst.span,
      );
      this.values.set(inst, copy);
    }
    const kinds = this.availability.get(block) as Map<Inst, Availability>;
    for (const value of this.needs.get(block) as Inst[]) {
      const kind = kinds.get(value);
      const copy = this.values.get(value) as Inst;
      if (kind === 'slot') this.storeSlot(this.valueSlot(value), copy, span);
      else if (kind === 'tape') this.push(copy, this.elementOf(value), span);
    }
    const t = block.terminator;
    if (!t) return;
    const target = (b: IRBlock) => this.edge(block, b)?.head ?? (this.forward.get(b) as IRBlock);
    switch (t.kind) {
      case 'jump':
        out.jump(target(t.target), t.span, this.unrollOf(block, t.target));
        break;
      case 'branch': {
        const unroll = this.unrollOf(block, t.ifTrue) ?? this.unrollOf(block, t.ifFalse);
        out.branch(this.values.get(t.condition) as Inst, target(t.ifTrue), target(t.ifFalse), t.span, unroll);
        break;
      }
      case 'return':
        break; // emitReturn, once every tape is known
      default:
        out.terminate({ ...t });
    }
  }

  private loopCounters(loop: Loop): Counter[] {
    return [...this.countersUsed]
      .map((phi) => this.counters.get(phi) as Counter)
      .filter((c) => c.loop === loop);
  }

  private valueSlot(value: Inst): { array: Inst; index: number } {
    return this.slot('value', this.elementOf(value), value);
  }

  private completePhis(): void {
    for (const block of this.cfg.order) {
      for (const phi of block.phis) {
        if (phi.op !== 'phi') continue;
        phi.args.forEach((arg, i) => {
          for (const source of this.sources(phi.blocks[i] as IRBlock, block))
            incoming(this.values.get(phi) as Inst, this.values.get(arg) as Inst, source);
        });
      }
    }
  }

  /** The end of the forward sweep: seed the result's adjoint, check the tapes, turn back. */
  private emitReturn(block: IRBlock): void {
    const t = block.terminator as Extract<IRBlock['terminator'], { kind: 'return' }>;
    const out = this.out.at(this.forward.get(block) as IRBlock);
    if (t.value && this.useful.has(t.value)) this.addAdjoint(t.value, out.constant(1, t.span), t.span);
    const reverse = this.reverse.get(block) as IRBlock;
    if (this.tapes.size === 0) {
      out.jump(reverse, t.span);
      return;
    }
    // A chunked loop's tape was highest at the end of a chunk, before it gave way.
    const peaks = new Set([...this.chunked.values()].flatMap((chunk) => chunk.elements));
    const tops = [...this.tapes.keys()].map((element) => {
      const top = this.load(this.slot('tops', 'i32', element), t.span);
      if (!peaks.has(element)) return top;
      return out.call('Math.max', [top, this.load(this.slot('peak', 'i32', element), t.span)], t.span);
    });
    const highest = tops.length === 1 ? (tops[0] as Inst) : out.call('Math.max', tops, t.span);
    const overflow = out.newBlock('tape.overflow');
    out.branch(
      out.compare('>', highest, out.constant(this.input.tapeCapacity, t.span), t.span),
      overflow,
      reverse,
      t.span,
    );
    out.at(overflow).terminate({
      kind: 'throw',
      message: `autodiff: a loop of ${this.input.title} ran more iterations than the reverse-mode tape holds (${this.input.tapeCapacity} entries); raise the adTapeCapacity param`,
      span: this.tapeSpan ?? t.span,
    });
  }

  // ---- the reverse sweep

  private emitReverse(block: IRBlock): void {
    const out = this.out.at(this.reverse.get(block) as IRBlock);
    const span = block.terminator?.span ?? block.body[0]?.span ?? this.span;
    const kinds = this.availability.get(block) as Map<Inst, Availability>;
    const known = new Map<Inst, Inst>();
    const needs = this.needs.get(block) as Inst[];
    const taped = needs.filter((v) => kinds.get(v) === 'tape');
    for (const value of [...taped].reverse()) known.set(value, this.pop(this.elementOf(value), span));
    const available = (value: Inst): Inst => {
      const done = known.get(value);
      if (done) return done;
      let made: Inst;
      switch (kinds.get(value) ?? this.classify(value, block, 0)) {
        case 'const':
        case 'recompute': {
          const { operation, args } = copyOf(this.input, value);
          made = out.emit(operation, args.map(available), value.span);
          break;
        }
        case 'direct':
          made = this.values.get(value) as Inst;
          break;
        default:
          made = this.load(this.valueSlot(value), value.span);
      }
      known.set(value, made);
      return made;
    };
    for (const inst of [...block.body].reverse()) this.undo(inst, available);
    const saved = this.saves.get(block) ?? [];
    for (const loop of [...saved].reverse()) {
      for (const counter of this.loopCounters(loop).reverse())
        this.storeSlot(this.valueSlot(counter.phi), this.pop(this.elementOf(counter.phi), span), span);
      this.storeSlot(this.slot('count', 'i32', loop), this.pop('i32', span), span);
    }
    this.continueReverse(block, available, span);
  }

  /** The reverse of one instruction. */
  private undo(inst: Inst, available: (value: Inst) => Inst): void {
    const out = this.out;
    const span = inst.span;
    if (inst.op === 'store') {
      const shadow = this.shadowOf(inst.args[0] as Inst);
      if (!shadow) return;
      // The stored value's adjoint is what the shadow gathered; the element before the store
      // is gone, so its shadow restarts from zero.
      const array = this.shadows.get(shadow) as Inst;
      const index = available(inst.args[1] as Inst);
      const gathered = out.index(array, index, span);
      out.store(array, index, out.constant(0, span), span);
      const value = inst.args[2] as Inst;
      if (this.useful.has(value))
        this.addAdjoint(value, out.convert(gathered, value.type as KernelType, span), span);
      return;
    }
    if (inst.op === 'newarray' && this.shadows.has(inst) && this.cfg.loopOf(inst.block)) {
      this.zero(this.shadows.get(inst) as Inst, (inst.type as { length: number }).length, span);
      return;
    }
    if (!this.useful.has(inst) || inst.op === 'phi' || inst.op === 'param') return;
    const adjoint = this.takeAdjoint(inst, span);
    if (inst.op === 'index') {
      const array = this.shadows.get(this.shadowOf(inst.args[0] as Inst) as Inst) as Inst;
      const index = available(inst.args[1] as Inst);
      const { element } = (inst.args[0] as Inst).type as ArrayType;
      const amount = out.convert(adjoint, element, span);
      if (this.input.analysis.origin(inst.args[0] as Inst)?.op !== 'param' || this.privateReads.has(inst)) {
        out.store(array, index, out.binary('+', out.index(array, index, span), amount, span), span);
        return;
      }
      // Memory outside the thread: nothing to add (a max or an abs elsewhere) costs no access.
      // An adjoint that arithmetic alone computes is seldom zero: there the test would only
      // split the block, keeping the next iteration's read behind this addition.
      const add = (): void => {
        if (this.input.atomic) out.call('gpu.atomicAdd', [array, index, amount], span);
        else out.store(array, index, out.binary('+', out.index(array, index, span), amount, span), span);
      };
      if (this.denseReads.has(inst)) {
        add();
        return;
      }
      const adding = out.newBlock('shadow.add');
      const after = out.newBlock('shadow.added');
      out.branch(out.compare('!=', amount, out.constant(0, span), span), adding, after, span);
      out.at(adding);
      add();
      out.jump(after, span);
      out.at(after);
      return;
    }
    const partials = partialsOf(
      inst,
      new PartialEmitter(out, inst, available),
      this.varied,
      this.input.ruleName(inst),
    );
    inst.args.forEach((arg, i) => {
      const partial = partials[i];
      if (partial === undefined || !this.useful.has(arg)) return;
      let term =
        partial === 1
          ? adjoint
          : partial === -1
            ? out.unary('-', adjoint, span)
            : out.binary('*', partial, adjoint, span);
      if (arg.type !== inst.type) term = out.convert(term, arg.type as KernelType, span);
      this.addAdjoint(arg, term, span);
    });
  }

  /** Zeroes a local shadow array (a loop in the reverse block). */
  private zero(array: Inst, length: number, span: Span): void {
    const out = this.out;
    const before = out.block;
    const loop = out.newBlock('shadow.zero');
    const after = out.newBlock('shadow.zeroed');
    const start = out.constant(0, span);
    out.jump(loop, span);
    out.at(loop);
    const j = out.phi(span);
    incoming(j, start, before);
    out.store(array, j, out.constant(0, span), span);
    const next = out.binary('+', j, out.constant(1, span), span);
    incoming(j, next, loop);
    out.branch(out.compare('<', next, out.constant(length, span), span), loop, after, span);
    out.at(after);
  }

  /** Moves the adjoints of B's phis to the predecessor B came from, and continues there. */
  private continueReverse(block: IRBlock, available: (value: Inst) => Inst, span: Span): void {
    const out = this.out;
    const control = this.controls.get(block) as Control;
    const to = (pred: IRBlock) => {
      this.transferPhis(block, pred, span);
      out.jump(this.reverse.get(pred) as IRBlock, span);
    };
    const branch = (condition: Inst, whenTrue: () => void, whenFalse: () => void, unroll?: UnrollHint) => {
      const yes = out.newBlock(`${block.label}.reverse.then`);
      const no = out.newBlock(`${block.label}.reverse.else`);
      out.branch(condition, yes, no, span, unroll);
      out.at(yes);
      whenTrue();
      out.at(no);
      whenFalse();
    };
    switch (control.kind) {
      case 'entry':
        out.jump(this.final, span);
        return;
      case 'single':
        to(control.pred);
        return;
      case 'condition':
        branch(
          available(control.condition),
          () => to(control.ifTrue),
          () => to(control.ifFalse),
        );
        return;
      case 'counter': {
        const count = this.slot('count', 'i32', control.loop);
        const chunk = this.chunked.get(control.loop);
        const left = this.load(count, span);
        branch(
          out.compare('>', left, out.constant(0, span), span),
          () => {
            if (chunk) this.replayChunk(chunk, left, span);
            const c = chunk ? this.load(count, span) : left;
            this.storeSlot(count, out.binary('-', c, out.constant(1, span), span), span);
            for (const counter of this.loopCounters(control.loop)) {
              const slot = this.valueSlot(counter.phi);
              const step = available(counter.step);
              this.storeSlot(
                slot,
                out.binary(counter.adds ? '-' : '+', this.load(slot, span), step, span),
                span,
              );
            }
            to(control.latch);
          },
          () => {
            if (chunk) this.checkpoint(chunk, span);
            to(control.pre);
          },
          // The reverse loop's latch: R(header) ends each reverse iteration.
          this.unrolled.has(control.loop) ? UNROLL : undefined,
        );
        return;
      }
      case 'record': {
        const from = this.cfg.loopOf(block)
          ? this.pop('u8', span)
          : this.load(this.slot('from', 'u8', block), span);
        const chain = (j: number) => {
          if (j === control.preds.length - 1) return to(control.preds[j] as IRBlock);
          branch(
            out.compare('==', from, out.constant(j, span), span),
            () => to(control.preds[j] as IRBlock),
            () => chain(j + 1),
          );
        };
        chain(0);
        return;
      }
    }
  }

  private transferPhis(block: IRBlock, pred: IRBlock, span: Span): void {
    const phis = block.phis.filter((p) => this.useful.has(p));
    const taken = phis.map((phi) => this.takeAdjoint(phi, span));
    phis.forEach((phi, k) => {
      if (phi.op !== 'phi') return;
      const arg = phi.args[phi.blocks.indexOf(pred)];
      if (arg && this.useful.has(arg)) this.addAdjoint(arg, taken[k] as Inst, span);
    });
  }

  // ---- checkpoints (see findChunked)

  /** The blocks on the forward sweep's edge from `pred` into a chunked loop's header. */
  private edge(pred: IRBlock, block: IRBlock): { head: IRBlock; entries: IRBlock[] } | undefined {
    const loop = this.cfg.loopOf(block);
    if (!loop || loop.header !== block || !this.chunked.has(loop)) return undefined;
    let edge = this.edges.get(pred);
    if (!edge) {
      const head = this.out.newBlock(`${block.label}.checkpoint`);
      // From the latch: a test of the chunk's end, then the checkpoint where it ends.
      const entries = loop.blocks.has(pred)
        ? [head, this.out.newBlock(`${block.label}.checkpoint.save`)]
        : [head];
      edge = { head, entries };
      this.edges.set(pred, edge);
    }
    return edge;
  }

  /** The forward blocks through which the edge from `pred` reaches F(block). */
  private sources(pred: IRBlock, block: IRBlock): IRBlock[] {
    return this.edge(pred, block)?.entries ?? [this.forward.get(pred) as IRBlock];
  }

  /** The forward sweep's checkpoints: on entering the loop, and at the end of each chunk. */
  private emitCheckpoints(chunk: Chunked): void {
    const { loop } = chunk;
    const control = this.controls.get(loop.header) as Extract<Control, { kind: 'counter' }>;
    const out = this.out;
    const span = loop.header.terminator?.span ?? this.span;
    const header = this.forward.get(loop.header) as IRBlock;
    const first = this.edge(control.pre, loop.header) as { head: IRBlock };
    out.at(first.head);
    this.saveCheckpoint(chunk, control.pre, span);
    out.jump(header, span);
    const [test, save] = (this.edge(control.latch, loop.header) as { entries: IRBlock[] }).entries as [
      IRBlock,
      IRBlock,
    ];
    out.at(test);
    const next = out.binary(
      '+',
      this.load(this.slot('count', 'i32', loop), span),
      out.constant(1, span),
      span,
    );
    out.branch(this.chunkStarts(next, span), save, header, span);
    out.at(save);
    // The chunk is done: its tape entries give way to the next checkpoint.
    for (const element of chunk.elements) {
      const { top } = this.tape(element);
      const peak = this.slot('peak', 'i32', element);
      this.storeSlot(peak, out.call('Math.max', [this.load(peak, span), this.load(top, span)], span), span);
      this.storeSlot(top, this.load(this.chunkBase(chunk, element), span), span);
    }
    this.saveCheckpoint(chunk, control.latch, span);
    out.jump(header, span);
  }

  /** Whether a header entry with this count starts a chunk. */
  private chunkStarts(count: Inst, span: Span): Inst {
    const out = this.out;
    const size = out.constant(this.input.checkpoint, span);
    return out.compare('==', out.binary('%', count, size, span), out.constant(0, span), span);
  }

  private chunkBase(chunk: Chunked, element: string): { array: Inst; index: number } {
    return this.slot('chunk', 'i32', `${chunk.loop.header.id}:${element}`);
  }

  /** Pushes the header phis' values on the edge from `pred`; the chunk's entries go above. */
  private saveCheckpoint(chunk: Chunked, pred: IRBlock, span: Span): void {
    for (const phi of chunk.saved) {
      if (phi.op !== 'phi') continue;
      this.push(
        this.values.get(phi.args[phi.blocks.indexOf(pred)] as Inst) as Inst,
        this.elementOf(phi),
        span,
      );
    }
    for (const element of chunk.elements)
      this.storeSlot(this.chunkBase(chunk, element), this.load(this.tape(element).top, span), span);
  }

  /**
   * Drops the checkpoint on top of the tapes and reads the one below it (kept: a replay starts
   * from it, and it is on top again when the replayed chunk's entries are popped).
   */
  private checkpoint(chunk: Chunked, span: Span): Map<Inst, Inst> {
    const out = this.out;
    const values = new Map<Inst, Inst>();
    const elements = [...new Set(chunk.saved.map((phi) => this.elementOf(phi)))];
    for (const element of elements) {
      const phis = chunk.saved.filter((phi) => this.elementOf(phi) === element);
      const { array, top } = this.tape(element);
      const below = out.binary('-', this.load(top, span), out.constant(phis.length, span), span);
      this.storeSlot(top, below, span);
      phis.forEach((phi, j) => {
        const at = out.binary('-', below, out.constant(phis.length - j, span), span);
        values.set(phi, out.index(array, out.call('Math.max', [at, out.constant(0, span)], span), span));
      });
    }
    return values;
  }

  /**
   * At the start of a chunk (count c, a multiple of the chunk size, about to reverse iteration
   * c - 1), runs the chunk before it again from its checkpoint, pushing its tape entries, and
   * stops on reaching the header with count c. The counters end as they were.
   */
  private replayChunk(chunk: Chunked, count: Inst, span: Span): void {
    const out = this.out;
    const replay = out.newBlock(`${chunk.loop.header.label}.replay.start`);
    const resume = out.newBlock(`${chunk.loop.header.label}.replay.done`);
    out.branch(this.chunkStarts(count, span), replay, resume, span);
    out.at(replay);
    const entry = this.checkpoint(chunk, span);
    const size = out.constant(this.input.checkpoint, span);
    const start = out.binary('-', count, size, span);
    this.storeSlot(
      this.slot('count', 'i32', chunk.loop),
      out.binary('-', start, out.constant(1, span), span),
      span,
    );
    this.storeSlot(this.slot('stop', 'i32', chunk.loop), count, span);
    for (const counter of chunk.counters) {
      const steps = out.binary('*', size, this.outside(counter.step), span);
      const now = this.load(this.valueSlot(counter.phi), span);
      entry.set(counter.phi, out.binary(counter.adds ? '-' : '+', now, steps, span));
    }
    this.emitReplay(chunk, entry, resume, span);
    out.at(resume);
  }

  /**
   * A value the same wherever the reverse sweep reads it (see `everywhere`), in the current
   * block: constants and globals are made again where their forward copies may not dominate.
   */
  private outside(value: Inst): Inst {
    if (value.op !== 'const' && value.op !== 'global') return this.values.get(value) as Inst;
    const { operation, args } = copyOf(this.input, value);
    return this.out.emit(operation, args, value.span);
  }

  /** The replay's copy of the loop, entered from the current block with the header phis' values. */
  private emitReplay(chunk: Chunked, entry: Map<Inst, Inst>, resume: IRBlock, span: Span): void {
    const out = this.out;
    const { loop, replayed } = chunk;
    const from = out.block;
    const blocks = this.cfg.order.filter((b) => loop.blocks.has(b));
    const starts = new Map(blocks.map((b) => [b, out.newBlock(`${b.label}.replay`)]));
    const ends = new Map<IRBlock, IRBlock>();
    const values = new Map<Inst, Inst>();
    const value = (v: Inst) => values.get(v) ?? this.outside(v);
    const target = (b: IRBlock) => starts.get(b) ?? resume;
    out.jump(starts.get(loop.header) as IRBlock, span);
    for (const block of blocks) {
      out.at(starts.get(block) as IRBlock);
      for (const phi of block.phis) if (replayed.has(phi)) values.set(phi, out.phi(phi.span));
    }
    for (const block of blocks) {
      out.at(starts.get(block) as IRBlock);
      const control = this.controls.get(block) as Control;
      if (block === loop.header) {
        const count = this.slot('count', 'i32', loop);
        const next = out.binary('+', this.load(count, span), out.constant(1, span), span);
        this.storeSlot(count, next, span);
        for (const counter of chunk.counters)
          this.storeSlot(this.valueSlot(counter.phi), values.get(counter.phi) as Inst, span);
        const body = out.newBlock(`${block.label}.replay.body`);
        out.branch(
          out.compare('==', next, this.load(this.slot('stop', 'i32', loop), span), span),
          resume,
          body,
          span,
        );
        out.at(body);
      } else if (control.kind === 'record') {
        const taken = out.phi(span);
        control.preds.forEach((pred, j) => {
          incoming(taken, out.constant(j, span), ends.get(pred) as IRBlock);
        });
        this.push(taken, 'u8', span);
      }
      for (const inst of block.body) {
        if (!replayed.has(inst)) continue;
        const { operation, args } = copyOf(this.input, inst);
        values.set(inst, out.emit(operation, args.map(value), inst.span));
      }
      const kinds = this.availability.get(block) as Map<Inst, Availability>;
      for (const need of this.needs.get(block) as Inst[])
        if (kinds.get(need) === 'tape') this.push(value(need), this.elementOf(need), span);
      ends.set(block, out.block);
      const t = block.terminator;
      if (t?.kind === 'jump') out.jump(target(t.target), t.span);
      else if (t?.kind === 'branch')
        out.branch(value(t.condition), target(t.ifTrue), target(t.ifFalse), t.span);
    }
    for (const block of blocks)
      for (const phi of block.phis) {
        const copy = values.get(phi);
        if (!copy || phi.op !== 'phi') continue;
        if (block === loop.header) {
          const latch = phi.blocks.findIndex((b) => loop.blocks.has(b));
          incoming(copy, entry.get(phi) as Inst, from);
          incoming(copy, value(phi.args[latch] as Inst), ends.get(phi.blocks[latch] as IRBlock) as IRBlock);
        } else
          phi.args.forEach((arg, i) => {
            incoming(copy, value(arg), ends.get(phi.blocks[i] as IRBlock) as IRBlock);
          });
      }
  }

  private emitFinal(): void {
    const { flat, activities, resultType } = this.input;
    const out = this.out.at(this.final);
    const span = this.span;
    if (resultType.kind === 'void') {
      out.terminate({ kind: 'return', value: undefined, span });
      return;
    }
    // Adding +0 turns an adjoint that received nothing (-0) into 0.
    const gradients = flat.params
      .filter((_, i) => activities[i] === 'active')
      .map((param) =>
        out.convert(
          out.binary('+', this.load(this.adjoint(param), span), out.constant(0, span), span),
          param.type as KernelType,
          span,
        ),
      );
    out.terminate({ kind: 'return', value: out.emit({ op: 'tuple' }, gradients, span), span });
  }

  /** Adjoints start at -0 (see takeAdjoint). */
  private initializeAdjoints(): void {
    const out = this.out.at(this.prologue);
    for (const [key, { array, slots }] of this.storage) {
      if (!key.startsWith('adjoint:')) continue;
      for (const index of slots.values())
        out.store(array, out.constant(index, this.span), out.constant(-0, this.span), this.span);
    }
  }
}

/** Arithmetic whose partials are never zero by a branch (as a max's, an abs's or a phi's are). */
const DENSE_USE = (user: Inst) =>
  (user.op === 'binary' && user.operator !== '**') || (user.op === 'unary' && user.operator === '-');

/** The array reads (`index`) of `blocks` that only dense arithmetic uses. */
function denseReads(blocks: readonly IRBlock[]): Set<Inst> {
  const reads = new Set<Inst>();
  const sparse = new Set<Inst>();
  for (const block of blocks)
    for (const inst of [...block.phis, ...block.body]) {
      for (const arg of inst.args) if (arg.op === 'index' && !DENSE_USE(inst)) sparse.add(arg);
      if (inst.op === 'index') reads.add(inst);
    }
  for (const block of blocks) {
    const t = block.terminator;
    if (t?.kind === 'branch' && t.condition.op === 'index') sparse.add(t.condition);
    if (t?.kind === 'return' && t.value?.op === 'index') sparse.add(t.value);
  }
  return new Set([...reads].filter((read) => !sparse.has(read)));
}
