// Votes and ballots of number predicates on CUDA: the predicate is JavaScript's truthiness, one
// i1 for vote.sync (a float predicate gave a module that did not verify).
import { compileJob, createCompiler, createJob, parseType, sourceFromText } from '@gpuc/core';
import { describe, expect, it } from 'vitest';
import { assemblePTX, CudaPlugin, findPtxas } from '../src/index.js';

const compiler = createCompiler().use(new CudaPlugin());

describe('votes on CUDA', () => {
  it.each(['f64', 'f32', 'i32', 'u32', 'i64', 'bool'])('take a %s predicate by its truthiness', (type) => {
    const predicate = type === 'bool' ? 'x[i] > 0' : type === 'i64' ? 'BigInt(i32(x[i]))' : `${type}(x[i])`;
    const text = `function votes(o, x) {
  const i = gpu.globalIdx.x;
  const p = ${predicate};
  o[i] = (gpu.voteAny(p) ? 1 : 0) + (gpu.voteAll(p) ? 2 : 0) + Number(gpu.ballot(p));
}`;
    const types = ['f64[]', 'f64[]'].map((t) => parseType(t)) as NonNullable<ReturnType<typeof parseType>>[];
    const job = createJob(sourceFromText(text, `votes-${type}.js`), types, compiler.target('cuda'));
    const ptx = compileJob(compiler, job, { kind: 'assembly', memory: false }).output as string;
    expect(ptx).toMatch(/vote\.sync\.any\.pred/);
    expect(ptx).toMatch(/vote\.sync\.ballot\.b32/);
    if (findPtxas()) expect(assemblePTX(ptx, 'sm_90').length).toBeGreaterThan(0);
  });
});
