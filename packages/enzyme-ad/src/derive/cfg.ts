/**
 * Control-flow facts the reverse sweep needs: predecessors, dominators, and the loop nest
 * (loops found as strongly connected components, nested by removing each loop's header).
 */
import type { IRBlock, IRFunction } from '@gpuc/core/compiler';

/** A natural loop: its header, its blocks (inner loops' included) and its nesting. */
export interface Loop {
  readonly header: IRBlock;
  readonly blocks: ReadonlySet<IRBlock>;
  readonly parent: Loop | undefined;
  readonly depth: number;
}

export function successors(block: IRBlock): IRBlock[] {
  const t = block.terminator;
  if (t?.kind === 'jump') return [t.target];
  if (t?.kind === 'branch') return t.ifTrue === t.ifFalse ? [t.ifTrue] : [t.ifTrue, t.ifFalse];
  return [];
}

/** Each block's distinct predecessors, in a fixed order. */
export function predecessors(block: IRBlock): IRBlock[] {
  return [...new Set(block.predecessors)];
}

export class ControlFlow {
  readonly order: IRBlock[];
  private readonly idom = new Map<IRBlock, IRBlock>();
  private readonly innermost = new Map<IRBlock, Loop>();
  readonly loops: Loop[] = [];

  constructor(readonly fn: IRFunction) {
    this.order = reversePostorder(fn);
    this.dominators();
    this.findLoops(new Set(this.order), undefined, 0);
  }

  /** Whether `a` dominates `b`. */
  dominates(a: IRBlock, b: IRBlock): boolean {
    for (let x: IRBlock | undefined = b; x; x = this.idom.get(x)) {
      if (x === a) return true;
      if (this.idom.get(x) === x) break;
    }
    return false;
  }

  immediateDominator(block: IRBlock): IRBlock | undefined {
    const d = this.idom.get(block);
    return d === block ? undefined : d;
  }

  /** The innermost loop holding a block. */
  loopOf(block: IRBlock): Loop | undefined {
    return this.innermost.get(block);
  }

  /** Loops left by the edge from `from` to `to`, innermost first. */
  exitedLoops(from: IRBlock, to: IRBlock): Loop[] {
    const left: Loop[] = [];
    for (let loop = this.loopOf(from); loop && !loop.blocks.has(to); loop = loop.parent) left.push(loop);
    return left;
  }

  // Cooper, Harvey and Kennedy's iterative algorithm over reverse postorder.
  private dominators(): void {
    const index = new Map(this.order.map((b, i) => [b, i]));
    const entry = this.order[0] as IRBlock;
    this.idom.set(entry, entry);
    const intersect = (a: IRBlock, b: IRBlock) => {
      let [x, y] = [a, b];
      while (x !== y) {
        while ((index.get(x) as number) > (index.get(y) as number)) x = this.idom.get(x) as IRBlock;
        while ((index.get(y) as number) > (index.get(x) as number)) y = this.idom.get(y) as IRBlock;
      }
      return x;
    };
    for (let changed = true; changed; ) {
      changed = false;
      for (const block of this.order.slice(1)) {
        let next: IRBlock | undefined;
        for (const p of predecessors(block)) {
          if (!this.idom.has(p)) continue;
          next = next ? intersect(p, next) : p;
        }
        if (next && this.idom.get(block) !== next) {
          this.idom.set(block, next);
          changed = true;
        }
      }
    }
  }

  /** Loops among `blocks` (edges into `ignore`d headers removed), recursively. */
  private findLoops(blocks: Set<IRBlock>, parent: Loop | undefined, depth: number): void {
    for (const component of components(blocks, parent?.header)) {
      const cyclic =
        component.size > 1 || successors([...component][0] as IRBlock).some((s) => component.has(s));
      if (!cyclic) continue;
      const headers = [...component].filter(
        (b) => b === this.order[0] || predecessors(b).some((p) => !component.has(p)),
      );
      if (headers.length !== 1) throw new Error('gpuc: autodiff found a loop with several entries');
      const loop: Loop = { header: headers[0] as IRBlock, blocks: component, parent, depth: depth + 1 };
      this.loops.push(loop);
      for (const b of component) this.innermost.set(b, loop);
      const inner = new Set(component);
      this.findLoops(inner, loop, depth + 1);
    }
  }
}

function reversePostorder(fn: IRFunction): IRBlock[] {
  const seen = new Set<IRBlock>();
  const order: IRBlock[] = [];
  const visit = (block: IRBlock) => {
    seen.add(block);
    for (const next of successors(block)) if (!seen.has(next)) visit(next);
    order.push(block);
  };
  visit(fn.blocks[0] as IRBlock);
  return order.reverse();
}

/** Tarjan's strongly connected components of the subgraph, edges into `header` removed. */
function components(blocks: Set<IRBlock>, header: IRBlock | undefined): Set<IRBlock>[] {
  const index = new Map<IRBlock, number>();
  const low = new Map<IRBlock, number>();
  const stack: IRBlock[] = [];
  const onStack = new Set<IRBlock>();
  const found: Set<IRBlock>[] = [];
  let counter = 0;
  const edges = (b: IRBlock) => successors(b).filter((s) => blocks.has(s) && s !== header);
  const visit = (b: IRBlock) => {
    index.set(b, counter);
    low.set(b, counter++);
    stack.push(b);
    onStack.add(b);
    for (const s of edges(b)) {
      if (!index.has(s)) {
        visit(s);
        low.set(b, Math.min(low.get(b) as number, low.get(s) as number));
      } else if (onStack.has(s)) low.set(b, Math.min(low.get(b) as number, index.get(s) as number));
    }
    if (low.get(b) === index.get(b)) {
      const component = new Set<IRBlock>();
      for (;;) {
        const x = stack.pop() as IRBlock;
        onStack.delete(x);
        component.add(x);
        if (x === b) break;
      }
      found.push(component);
    }
  };
  for (const b of blocks) if (!index.has(b) && b !== header) visit(b);
  return found;
}
