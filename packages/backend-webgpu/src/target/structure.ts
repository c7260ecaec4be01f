/**
 * The shape of a kernel's control-flow graph that structured WGSL is rebuilt from: blocks in
 * reverse postorder, the dominator tree, loop headers (targets of back edges) and merge blocks
 * (blocks reached by two or more forward edges). The method is Ramsey's "Beyond Relooper" (2022),
 * which needs a reducible graph: every back edge goes to a block that dominates its source, as it
 * does for IR lowered from JavaScript, whose loops are all structured.
 */
import { type IRBlock, type IRFunction, successors } from '@gpuc/core/compiler';

export interface Structure {
  /** Each block's position in reverse postorder. */
  readonly order: ReadonlyMap<IRBlock, number>;
  /**
   * Each block's children in the dominator tree, except that a loop exit (a block outside a loop
   * whose immediate dominator is inside it) is a child of the header of the outermost loop it
   * leaves: it is written after that loop, not inside it.
   */
  readonly children: ReadonlyMap<IRBlock, readonly IRBlock[]>;
  readonly loopHeaders: ReadonlySet<IRBlock>;
  readonly merges: ReadonlySet<IRBlock>;
  /** The loop exits, written after their loop (WGSL's uniformity analysis needs them there). */
  readonly exits: ReadonlySet<IRBlock>;
  /** A back edge to a block that does not dominate its source (an irreducible graph), if any. */
  readonly irreducible?: IRBlock;
}

/** The blocks reachable from the entry, in reverse postorder. */
function reversePostorder(entry: IRBlock): IRBlock[] {
  const seen = new Set<IRBlock>();
  const post: IRBlock[] = [];
  // Iterative, so that long kernels do not exhaust the stack.
  const stack: [IRBlock, number][] = [[entry, 0]];
  seen.add(entry);
  while (stack.length > 0) {
    const top = stack[stack.length - 1] as [IRBlock, number];
    const next = successors(top[0].terminator)[top[1]++];
    if (next === undefined) {
      post.push(top[0]);
      stack.pop();
    } else if (!seen.has(next)) {
      seen.add(next);
      stack.push([next, 0]);
    }
  }
  return post.reverse();
}

/** Immediate dominators by Cooper, Harvey and Kennedy's iteration over reverse postorder. */
function dominators(blocks: readonly IRBlock[], order: ReadonlyMap<IRBlock, number>): Map<IRBlock, IRBlock> {
  const entry = blocks[0] as IRBlock;
  const idom = new Map<IRBlock, IRBlock>([[entry, entry]]);
  const intersect = (a: IRBlock, b: IRBlock) => {
    while (a !== b) {
      while ((order.get(a) as number) > (order.get(b) as number)) a = idom.get(a) as IRBlock;
      while ((order.get(b) as number) > (order.get(a) as number)) b = idom.get(b) as IRBlock;
    }
    return a;
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (const block of blocks.slice(1)) {
      let found: IRBlock | undefined;
      for (const p of block.predecessors) {
        if (!idom.has(p)) continue;
        found = found === undefined ? p : intersect(p, found);
      }
      if (found !== undefined && idom.get(block) !== found) {
        idom.set(block, found);
        changed = true;
      }
    }
  }
  return idom;
}

/** Each loop's blocks, by header: those that reach one of its back edges without passing it. */
function naturalLoops(
  backEdges: readonly [IRBlock, IRBlock][],
  predecessors: ReadonlyMap<IRBlock, readonly IRBlock[]>,
): Map<IRBlock, Set<IRBlock>> {
  const loops = new Map<IRBlock, Set<IRBlock>>();
  for (const [source, header] of backEdges) {
    let body = loops.get(header);
    if (!body) {
      body = new Set([header]);
      loops.set(header, body);
    }
    const work = [source];
    while (work.length > 0) {
      const block = work.pop() as IRBlock;
      if (body.has(block)) continue;
      body.add(block);
      work.push(...(predecessors.get(block) ?? []));
    }
  }
  return loops;
}

/** The structure of a function's control-flow graph. */
export function structureOf(fn: IRFunction): Structure {
  const blocks = reversePostorder(fn.blocks[0] as IRBlock);
  const order = new Map(blocks.map((b, i) => [b, i]));
  const idom = dominators(blocks, order);
  const dominates = (a: IRBlock, b: IRBlock) => {
    for (let x = b; ; x = idom.get(x) as IRBlock) {
      if (x === a) return true;
      if (x === idom.get(x)) return false;
    }
  };
  const loopHeaders = new Set<IRBlock>();
  const forward = new Map<IRBlock, number>();
  const predecessors = new Map<IRBlock, IRBlock[]>(blocks.map((b) => [b, []]));
  const backEdges: [IRBlock, IRBlock][] = [];
  let irreducible: IRBlock | undefined;
  for (const block of blocks) {
    for (const next of successors(block.terminator)) {
      predecessors.get(next)?.push(block);
      if ((order.get(next) as number) <= (order.get(block) as number)) {
        loopHeaders.add(next);
        backEdges.push([block, next]);
        if (!dominates(next, block)) irreducible ??= block;
      } else forward.set(next, (forward.get(next) ?? 0) + 1);
    }
  }
  const merges = new Set([...forward].filter(([, n]) => n >= 2).map(([b]) => b));
  const loops = naturalLoops(backEdges, predecessors);
  // Headers in reverse postorder: an outer loop's header comes before its inner loops'.
  const headers = blocks.filter((b) => loopHeaders.has(b));
  const exits = new Set<IRBlock>();
  const children = new Map<IRBlock, IRBlock[]>(blocks.map((b) => [b, []]));
  for (const block of blocks.slice(1)) {
    const parent = idom.get(block) as IRBlock;
    const left = headers.find((h) => loops.get(h)?.has(parent) && !loops.get(h)?.has(block));
    if (left) exits.add(block);
    children.get(left ?? parent)?.push(block);
  }
  return { order, children, loopHeaders, merges, exits, ...(irreducible ? { irreducible } : {}) };
}
