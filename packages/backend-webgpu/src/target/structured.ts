/**
 * Structured WGSL from a control-flow graph, after Ramsey's "Beyond Relooper" (2022): a loop
 * header opens a WGSL `loop`, a merge block (reached by two or more forward edges) closes a
 * `loop { ... }` used as a block that a `break` leaves, and every other block is written inside
 * its only predecessor. A jump to a construct further out than the innermost sets the `goto_`
 * word and breaks; each construct it crosses passes it outwards. The graph must be reducible
 * (structure.ts), as it is for kernels lowered from JavaScript. What the blocks hold is the
 * subclass's to write.
 */
import type { IRBlock, IRFunction, IRInstruction, Span } from '@gpuc/core/compiler';
import { type Structure, structureOf } from './structure.js';

/** One construct of the structured code: a WGSL `loop` that is a loop or a block. */
interface Construct {
  readonly kind: 'loop' | 'block';
  /** The loop's header, or the block the block's `break` goes to. */
  readonly target: IRBlock;
  /** A jump from inside went further out: its end passes `goto_` on. */
  crossed: boolean;
  /** A loop that a `break` leaves for the block construct around it. */
  exited?: boolean;
}

export abstract class StructuredCode {
  protected readonly structure: Structure;
  protected readonly lines: string[] = [];
  protected depth = 1;
  /** Some jump went through `goto_` (the function declares it). */
  protected usesGoto = false;
  private readonly constructs: Construct[] = [];

  constructor(readonly fn: IRFunction) {
    this.structure = structureOf(fn);
  }

  /** What a statement line ends with (a comment naming its origin, say). */
  protected abstract annotate(): string;
  /** A branch's condition as a WGSL expression. */
  protected abstract condition(inst: IRInstruction): string;
  /** A block's instructions. */
  protected abstract blockBody(block: IRBlock): void;
  protected abstract returnFrom(value: IRInstruction | undefined, span: Span): void;
  protected abstract throwFrom(message: string, span: Span): void;
  /** What the edge `from -> to` carries into `to`'s phis. */
  protected abstract copies(from: IRBlock, to: IRBlock): void;

  emit(line: string): void {
    this.lines.push(`${'  '.repeat(this.depth)}${line}${this.annotate()}`);
  }

  private open(construct: Construct): void {
    this.emit('loop {');
    this.depth++;
    this.constructs.push(construct);
  }

  /** Closes the innermost construct; a jump that crossed it goes on from here. */
  private close(): void {
    const closed = this.constructs.pop() as Construct;
    this.depth--;
    this.emit('}');
    if (closed.crossed) this.passOn();
    if (closed.exited) this.emit('break;');
  }

  /** After a construct that a jump crossed: the jump goes on from here. */
  private passOn(): void {
    const index = this.constructs.length - 1;
    const outer = this.constructs[index] as Construct;
    const action = outer.kind === 'loop' ? 'continue' : 'break';
    this.emit(`if (goto_ != 0u) {`);
    this.emit(`  if (goto_ == ${index + 1}u) { goto_ = 0u; ${action}; }`);
    this.emit('  break;');
    this.emit('}');
  }

  /**
   * A block and the blocks it dominates: a loop header's exits after its loop, merge blocks
   * after the block's own code, each inside a block construct that a `break` leaves for it.
   */
  protected tree(block: IRBlock): void {
    const { structure } = this;
    const placed = [...(structure.children.get(block) ?? [])].sort(
      (a, b) => (structure.order.get(b) as number) - (structure.order.get(a) as number),
    );
    const exits = placed.filter((child) => structure.exits.has(child));
    const merges = placed.filter((child) => structure.merges.has(child) && !structure.exits.has(child));
    const code = () =>
      this.followedBy(merges, () => {
        this.blockBody(block);
        this.terminator(block);
      });
    if (!structure.loopHeaders.has(block)) {
      code();
      return;
    }
    this.followedBy(exits, () => {
      this.open({ kind: 'loop', target: block, crossed: false });
      code();
      this.close();
    });
  }

  /** `inner`'s code, then each block of `follows` (latest first), each reached by a `break`. */
  private followedBy(follows: readonly IRBlock[], inner: () => void): void {
    const [follow, ...rest] = follows;
    if (follow === undefined) {
      inner();
      return;
    }
    this.open({ kind: 'block', target: follow, crossed: false });
    this.followedBy(rest, inner);
    this.close();
    this.tree(follow);
  }

  private terminator(block: IRBlock) {
    const t = block.terminator;
    switch (t?.kind) {
      case 'jump':
        return this.branch(block, t.target);
      case 'branch':
        this.emit(`if (${this.condition(t.condition)}) {`);
        this.depth++;
        this.branch(block, t.ifTrue);
        this.depth--;
        this.emit('} else {');
        this.depth++;
        this.branch(block, t.ifFalse);
        this.depth--;
        this.emit('}');
        return;
      case 'return':
        return this.returnFrom(t.value, t.span);
      case 'throw':
        return this.throwFrom(t.message, t.span);
      default:
        return this.emit('return;');
    }
  }

  /** The edge `from -> to`: the phis' copies, then a jump or the target's code. */
  private branch(from: IRBlock, to: IRBlock): void {
    this.copies(from, to);
    const { structure } = this;
    if ((structure.order.get(to) as number) <= (structure.order.get(from) as number)) this.jump('loop', to);
    else if (structure.merges.has(to) || structure.exits.has(to)) this.jump('block', to);
    else this.tree(to);
  }

  private jump(kind: Construct['kind'], to: IRBlock) {
    const index = this.constructs.findLastIndex((c) => c.kind === kind && c.target === to);
    const top = this.constructs.length - 1;
    if (index === top) return this.emit(kind === 'loop' ? 'continue;' : 'break;');
    // Out of the innermost loop to the block construct around it: a break, and a break after
    // the loop (its end is reached only by breaking out of it).
    const innermost = this.constructs[top] as Construct;
    if (kind === 'block' && index === top - 1 && innermost.kind === 'loop') {
      innermost.exited = true;
      return this.emit('break;');
    }
    this.usesGoto = true;
    for (const construct of this.constructs.slice(index + 1)) construct.crossed = true;
    this.emit(`goto_ = ${index + 1}u;`);
    this.emit('break;');
  }
}
