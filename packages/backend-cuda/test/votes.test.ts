// Votes and ballots of number predicates on CUDA: the predicate is JavaScript's truthiness, one
// i1 for vote.sync (a float predicate gave a module that did not verify).
import { describe, expect, it } from 'vitest';
import { assemblePTX } from '../src/index.js';
import { hasPtxas, ptx } from './helpers.js';

describe('votes on CUDA', () => {
  it.each(['f64', 'f32', 'i32', 'u32', 'i64', 'bool'])('take a %s predicate by its truthiness', (type) => {
    const predicate = type === 'bool' ? 'x[i] > 0' : type === 'i64' ? 'BigInt(i32(x[i]))' : `${type}(x[i])`;
    const text = `function votes(o, x) {
  const i = gpu.globalIdx.x;
  const p = ${predicate};
  o[i] = (gpu.voteAny(p) ? 1 : 0) + (gpu.voteAll(p) ? 2 : 0) + Number(gpu.ballot(p));
}`;
    const code = ptx(text, ['f64[]', 'f64[]'], { memory: false });
    expect(code).toMatch(/vote\.sync\.any\.pred/);
    expect(code).toMatch(/vote\.sync\.ballot\.b32/);
    if (hasPtxas) expect(assemblePTX(code, 'sm_90').length).toBeGreaterThan(0);
  });
});
