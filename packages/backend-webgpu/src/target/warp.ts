/**
 * gpuc's warp operations in WGSL: warps of 32 threads in the block's linear order, as the
 * reference runner forms them (the last one partial where the block is not a multiple of 32).
 *
 * Two routes (`WarpRoute`). Through workgroup memory, on every adapter: each lane writes its word,
 * the block waits at a barrier, and each lane reads the word it asked for (or counts the votes of
 * its warp), exactly as the reference does. As WGSL subgroup operations, where the adapter's
 * subgroups have 32 invocations: no barrier and no workgroup memory. WGSL does not promise that a
 * subgroup is 32 consecutive invocation indices, so there the entry point checks that every
 * subgroup is its warp, lane for lane, and reports a device exception where one is not (never a
 * silent wrong result). On both routes WGSL's uniformity rule holds: every thread of the block
 * must reach each warp operation (the shader compiler proves it, else a CompileError at the
 * operation's line), where gpuc lets whole warps skip one. A ballot is a u64 (wide.ts): a warp's
 * 32 lanes are its low word.
 */
import type { IRInstruction, Span } from '@gpuc/core/compiler';
import type { WriterContext } from './context.js';
import { need } from './helpers.js';
import { report } from './throws.js';
import { widen, wideOf } from './wide.js';
import { truthy } from './words.js';

/** Lanes per warp, as the reference runner has them. */
const WARP = 32;

/** The second argument of each shuffle to the lane it reads (WGSL's i32 `%` truncates, as `srem`). */
const SOURCES: Readonly<Record<string, (lane: string, amount: string) => string>> = {
  'gpu.shuffle': (_lane, amount) => `${amount} % ${WARP}i`,
  'gpu.shuffleUp': (lane, amount) => `${lane} - ${amount}`,
  'gpu.shuffleDown': (lane, amount) => `${lane} + ${amount}`,
  'gpu.shuffleXor': (lane, amount) => `${lane} ^ ${amount}`,
};

/** The votes and the ballot: their value from the warp's count (workgroup) or subgroup call. */
const VOTES: Readonly<Record<string, { count: string; subgroup: string }>> = {
  'gpu.voteAny': { count: 'n != 0i', subgroup: 'subgroupAny' },
  'gpu.voteAll': { count: 'n == width', subgroup: 'subgroupAll' },
};

/** Whether a call is a warp operation or a warp property. */
export const isWarp = (name: string) =>
  name in SOURCES ||
  name in VOTES ||
  name === 'gpu.ballot' ||
  name === 'gpu.laneId' ||
  name === 'gpu.warpSize';

/** The block's threads. */
const threadsOf = (c: WriterContext) => c.block[0] * c.block[1] * c.block[2];

/**
 * The statements that place the caller in its warp: `me` (its linear index in the block), `base`
 * (its warp's first), `lane` and `width` (the lanes its warp has), all as i32.
 */
function placed(c: WriterContext, span: Span): string {
  need(c.parts.helpers, 'gpuc_linear');
  const threads = threadsOf(c);
  if (c.parts.warps === 'workgroup') {
    const lanes = `var<workgroup> gpuc_lanes: array<u32, ${threads}>;`;
    if (!c.parts.moduleVars.includes(lanes)) {
      c.parts.moduleVars.push(lanes);
      c.parts.workgroupBytes += Math.ceil((threads * 4) / 16) * 16;
    }
  } else if (!c.parts.usesWarps) c.parts.entry.push(subgroupCheck(c, span));
  c.parts.usesWarps = true;
  return [
    `let me = i32(gpuc_linear(lid, vec3u(${c.block.join('u, ')}u)));`,
    `let lane = me % ${WARP}i;`,
    'let base = me - lane;',
    `let width = min(${WARP}i, ${threads}i - base);`,
  ].join(' ');
}

/**
 * The entry point's check that each subgroup is the invoking thread's warp: 32 invocations, its
 * lane its subgroup invocation index, and as many invocations as the warp has lanes, all of its
 * warp (in uniform control flow, before the kernel's own code).
 */
function subgroupCheck(c: WriterContext, span: Span): string {
  const threads = threadsOf(c);
  const reported = report(
    c,
    `this adapter's subgroups are not gpuc's warps (32 threads in the block's linear order): launch with warps: 'workgroup'`,
    span,
  );
  return [
    `let gpuc_me = gpuc_linear(l, vec3u(${c.block.join('u, ')}u));`,
    `let gpuc_warp = gpuc_me / ${WARP}u;`,
    'let gpuc_members = subgroupAdd(1u);',
    'let gpuc_first = subgroupMin(gpuc_warp);',
    'let gpuc_last = subgroupMax(gpuc_warp);',
    `if (gpuc_sg_size != ${WARP}u || gpuc_sg_lane != gpuc_me % ${WARP}u || gpuc_first != gpuc_last || gpuc_members != min(${WARP}u, ${threads}u - gpuc_warp * ${WARP}u)) { ${reported} }`,
  ].join('\n  ');
}

/** A warp operation or property: its value assigned. */
export function warp(c: WriterContext, inst: IRInstruction & { op: 'call' }) {
  const name = inst.name;
  if (name === 'gpu.warpSize') return c.assign(inst, `${WARP}i`);
  if (name === 'gpu.laneId') {
    need(c.parts.helpers, 'gpuc_linear');
    return c.assign(inst, `i32(gpuc_linear(lid, vec3u(${c.block.join('u, ')}u)) % ${WARP}u)`);
  }
  const [value, amount] = inst.args as [IRInstruction, IRInstruction | undefined];
  const result = c.hasVar(inst) ? `v${inst.id}` : '_';
  const where = placed(c, inst.span);
  const native = c.parts.warps !== 'workgroup';
  const source = SOURCES[name];
  if (source && amount) {
    // A BigInt goes as its vec2u, through workgroup memory one word after the other.
    const wide = wideOf(inst.type) !== undefined;
    const type = wide ? 'u32' : c.scalar(inst.type, inst.span);
    const held = wide
      ? widen(c, value, inst.span)
      : type === 'u32'
        ? c.coerce(value, 'u32', inst.span)
        : `bitcast<u32>(${c.coerce(value, type, inst.span)})`;
    // A source lane outside the warp reads the thread's own word.
    const from = 'select(lane, src, src >= 0i && src < width)';
    const through = (word: string, read: string) =>
      `gpuc_lanes[me] = ${word}; workgroupBarrier(); let ${read} = gpuc_lanes[base + ${from}]; workgroupBarrier();`;
    const exchange = native
      ? `let w = subgroupShuffle(${held}, u32(${from}));`
      : wide
        ? `let h = ${held}; ${through('h.x', 'high')} ${through('h.y', 'low')} let w = vec2u(high, low);`
        : through(held, 'w');
    return c.emit(
      `{ ${where} let src = ${source('lane', c.coerce(amount, 'i32', inst.span))}; ${exchange} ${result} = ${type === 'u32' ? 'w' : `bitcast<${type}>(w)`}; }`,
    );
  }
  const predicate = wideOf(value.type)
    ? `any(${c.value(value)} != vec2u(0u, 0u))`
    : truthy(c.scalar(value.type, inst.span), c.value(value), c.parts.helpers);
  const vote = VOTES[name];
  if (native)
    return c.emit(
      `{ ${where} ${result} = ${vote ? `${vote.subgroup}(${predicate})` : `vec2u(0u, subgroupBallot(${predicate}).x)`}; }`,
    );
  // Each lane's predicate as 0 or 1, gathered over its warp's lanes (a loop of constant length,
  // so that the barrier after it stays in uniform control flow): counted, or a ballot's bits.
  const each = (body: string) =>
    `for (var k = 0i; k < ${WARP}i; k++) { let p = select(0u, gpuc_lanes[base + min(k, width - 1i)], k < width); ${body} }`;
  const gather = vote ? `var n = 0i; ${each('n += i32(p);')}` : `var n = 0u; ${each('n |= p << u32(k);')}`;
  return c.emit(
    `{ ${where} gpuc_lanes[me] = select(0u, 1u, ${predicate}); workgroupBarrier(); ${gather} workgroupBarrier(); ${result} = ${vote ? vote.count : 'vec2u(0u, n)'}; }`,
  );
}
