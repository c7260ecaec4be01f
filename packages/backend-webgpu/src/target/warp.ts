/**
 * gpuc's warp operations in WGSL: warps of 32 threads in the block's linear order, as the
 * reference runner forms them (the last one partial where the block is not a multiple of 32).
 *
 * WebGPU's subgroups cannot be those warps: their size is the adapter's (8 on lavapipe, 32 or 64
 * on GPUs, varying on some), and WGSL does not promise that a subgroup is consecutive invocation
 * indices. So each lane writes its word into workgroup memory, the block waits at a barrier, and
 * each lane reads the word it asked for (or counts the votes of its warp), exactly as the
 * reference does, on every adapter. The price is WGSL's barrier rule: every thread of the block
 * must reach each warp operation (the shader compiler proves it, else a CompileError at the
 * operation's line), where gpuc lets whole warps skip one.
 */
import type { IRInstruction } from '@gpuc/core/compiler';
import type { WriterContext } from './context.js';
import { need } from './helpers.js';
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

/** Whether a call is a warp operation or a warp property. */
export const isWarp = (name: string) =>
  name in SOURCES ||
  name === 'gpu.voteAny' ||
  name === 'gpu.voteAll' ||
  name === 'gpu.laneId' ||
  name === 'gpu.warpSize';

/**
 * The statements that place the caller in its warp: `me` (its linear index in the block), `base`
 * (its warp's first), `lane` and `width` (the lanes its warp has), all as i32.
 */
function placed(c: WriterContext): string {
  need(c.parts.helpers, 'gpuc_linear');
  const threads = c.block[0] * c.block[1] * c.block[2];
  const lanes = `var<workgroup> gpuc_lanes: array<u32, ${threads}>;`;
  if (!c.parts.moduleVars.includes(lanes)) c.parts.moduleVars.push(lanes);
  return [
    `let me = i32(gpuc_linear(lid, vec3u(${c.block.join('u, ')}u)));`,
    `let lane = me % ${WARP}i;`,
    'let base = me - lane;',
    `let width = min(${WARP}i, ${threads}i - base);`,
  ].join(' ');
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
  const source = SOURCES[name];
  if (source && amount) {
    const type = c.scalar(inst.type, inst.span);
    const word =
      type === 'u32'
        ? c.coerce(value, 'u32', inst.span)
        : `bitcast<u32>(${c.coerce(value, type, inst.span)})`;
    const read = 'gpuc_lanes[base + select(lane, src, src >= 0i && src < width)]';
    return c.emit(
      `{ ${placed(c)} let src = ${source('lane', c.coerce(amount, 'i32', inst.span))}; gpuc_lanes[me] = ${word}; workgroupBarrier(); let w = ${read}; workgroupBarrier(); ${result} = ${type === 'u32' ? 'w' : `bitcast<${type}>(w)`}; }`,
    );
  }
  // A vote: each lane's predicate as 0 or 1, summed over its warp's lanes (a loop of constant
  // length, so that the barrier after it stays in uniform control flow).
  const predicate = truthy(c.scalar(value.type, inst.span), c.value(value), c.parts.helpers);
  const votes = `var n = 0; for (var k = 0i; k < ${WARP}i; k++) { n += select(0i, i32(gpuc_lanes[base + min(k, width - 1i)]), k < width); }`;
  return c.emit(
    `{ ${placed(c)} gpuc_lanes[me] = select(0u, 1u, ${predicate}); workgroupBarrier(); ${votes} workgroupBarrier(); ${result} = ${name === 'gpu.voteAny' ? 'n != 0i' : 'n == width'}; }`,
  );
}
