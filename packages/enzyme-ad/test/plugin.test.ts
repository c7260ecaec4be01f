import { assemblePTX, CudaPlugin, findPtxas } from '@gpuc/backend-cuda';
import {
  compileJob,
  createCompiler,
  createJob,
  type KernelType,
  linkSharedLibrary,
  parseType,
  sourceFromText,
} from '@gpuc/core';
import { DEFERRED_MARKER } from '@gpuc/core/compiler';
import { loadConformance, nativeConformance, runConformance } from '@gpuc/core/tools';
import { describe, expect, it } from 'vitest';
import { CASES } from '../corpus/cases.js';
import { caseKernel, scopeOf } from '../corpus/harness.js';
import { Active, autodiff, Const, defineDerivative, EnzymePlugin, Reverse } from '../src/index.js';

const compiler = createCompiler().use(new EnzymePlugin());
const types = (...names: string[]) => names.map((t) => parseType(t) as KernelType);

const square = (x: number) => x * x * Math.sin(x);
const twoSites = `function k(out, xs) {
  const i = gpu.globalIdx.x;
  out[i] = autodiff(Reverse, square, Active(xs[i]))[0] + autodiff(Reverse, square, Active(xs[i] * 2))[0];
  out[i] += autodiff(Forward, square, Duplicated(xs[i], 1.0));
}`;

describe('the AD plugin', () => {
  it('compiles one derivative per function, argument types, activities and mode', () => {
    const job = createJob(
      sourceFromText(twoSites, 'sites.js'),
      types('f64[]', 'f64[]'),
      compiler.target('native'),
      {
        scope: { square },
      },
    );
    const result = compileJob(compiler, job, { kind: 'object', keepUnoptimized: true });
    expect(result.unoptimizedIR?.match(/define [^\n]*@deferred\.\d+\(/g)).toHaveLength(2);
    expect(result.unoptimizedIR).not.toContain(`@${DEFERRED_MARKER}(`);
    // After optimisation the derivatives are called directly (inlined, here).
    expect(result.ir).not.toMatch(/call [^\n]*bitcast/);
  });

  it('leaves a module whose markers were not resolved linkable for the CPU with -z defs', () => {
    const job = createJob(
      sourceFromText(twoSites, 'sites.js'),
      types('f64[]', 'f64[]'),
      compiler.target('native'),
      {
        scope: { square },
        config: { toplevel: false },
      },
    );
    const result = compileJob(compiler, job, { kind: 'object' });
    expect(result.ir).toMatch(new RegExp(`define weak ptr @${DEFERRED_MARKER}\\(i64`));
    expect(result.ir.match(new RegExp(`call ptr @${DEFERRED_MARKER}\\(i64`, 'g'))?.length).toBe(3);
    expect(
      linkSharedLibrary(result.output as Buffer)
        .subarray(0, 4)
        .toString('latin1'),
    ).toBe('\x7fELF');
  });

  it('uses a derivative rule wherever the function is reached, and recompiles when one is defined', () => {
    const bump = (x: number) => Math.exp(x) + 1;
    const model = (x: number) => bump(x * 3) * 2;
    const scope = { bump };
    const before = autodiff(Reverse, model, Active(0.5), { scope }) as number[];
    expect(before[0]).toBeCloseTo(6 * Math.exp(1.5), 12);
    defineDerivative(bump, (x: number) => 10 * x);
    const after = autodiff(Reverse, model, Active(0.5), { scope }) as number[];
    expect(after[0]).toBeCloseTo(2 * 10 * 1.5 * 3, 12);
  });

  it('resolves markers inside derivatives: a rule may itself call autodiff', () => {
    const body = (x: number) => Math.sin(x) * x;
    const wrapped = (x: number) => body(x);
    // As text: the test runner renames the imports a function written here would use.
    defineDerivative(wrapped, {
      text: 'function wrappedRule(x) {\n  return autodiff(Reverse, body, Active(x))[0];\n}',
      file: 'rule.js',
    });
    const text = `function k(out, xs) {
  const i = gpu.globalIdx.x;
  out[i] = autodiff(Reverse, outerModel, Active(xs[i]))[0];
}`;
    const outerModel = (x: number) => wrapped(x * x);
    const job = createJob(
      sourceFromText(text, 'nested.js'),
      types('f64[]', 'f64[]'),
      compiler.target('native'),
      {
        scope: { outerModel, wrapped, body },
      },
    );
    const result = compileJob(compiler, job, { kind: 'object', keepUnoptimized: true });
    expect(result.unoptimizedIR?.match(/define [^\n]*@deferred\.\d+\(/g)?.length).toBe(2);
    expect(result.unoptimizedIR).not.toContain(`@${DEFERRED_MARKER}(`);
    const x = 0.7;
    const expected = 2 * x * (Math.cos(x * x) * x * x + Math.sin(x * x));
    expect(
      (autodiff(Reverse, outerModel, Active(x), { scope: { wrapped, body } }) as number[])[0],
    ).toBeCloseTo(expected, 12);
  });

  it('reports a tape that overflows as an error naming the param to raise, and runs with it raised', () => {
    // Two Active numbers: one alone is answered in forward mode, without a tape.
    const decay = (x: number, g: number, n: number) => {
      let p = x;
      for (let k = 0; k < n; k++) p = Math.sin(p) * g;
      return p;
    };
    expect(() => autodiff(Reverse, decay, Active(0.4), Active(1.25), Const(300))).toThrow(
      /a loop of decay ran more iterations than the reverse-mode tape holds \(256 entries\); raise the adTapeCapacity param \(in decay\.reverse at .+:\d+\)/,
    );
    let p = 0.4;
    let d = 1;
    for (let k = 0; k < 300; k++) {
      d *= Math.cos(p) * 1.25;
      p = Math.sin(p) * 1.25;
    }
    const raised = autodiff(Reverse, decay, Active(0.4), Active(1.25), Const(300), {
      tapeCapacity: 1024,
    }) as number[];
    expect(raised[0]).toBeCloseTo(d, 12);
  });

  it('names an arrow passed inline in the tape-overflow message by where it is written', () => {
    const line = Number(new Error().stack?.match(/plugin\.test\.ts:(\d+)/)?.[1]) + 4;
    expect(() =>
      autodiff(
        Reverse,
        (x: number, g: number, n: number) => {
          let p = x;
          for (let k = 0; k < n; k++) p = Math.cos(p) * g;
          return p;
        },
        Active(0.4),
        Active(1.25),
        Const(300),
      ),
    ).toThrow(new RegExp(`a loop of the function at \\S*plugin\\.test\\.ts:${line} ran more iterations`));
  });

  it('runs its conformance rows on the native back-end', async () => {
    const entries = await loadConformance(new URL('../conformance/', import.meta.url).pathname);
    expect(entries.length).toBeGreaterThanOrEqual(5);
    const report = await runConformance(entries, [nativeConformance], { plugins: [new EnzymePlugin()] });
    for (const entry of entries)
      expect(report.results[entry.name]?.native, entry.name).toEqual({ status: 'matched' });
  });

  describe.skipIf(!findPtxas())('for CUDA', () => {
    const cuda = createCompiler().use(new CudaPlugin(), new EnzymePlugin());
    it('compiles every corpus derivative to PTX that ptxas assembles for sm_90', () => {
      for (const c of CASES) {
        for (const mode of ['reverse', 'forward'] as const) {
          const kernel = caseKernel(c, mode, 4);
          const job = createJob(
            sourceFromText(kernel.text, `${c.name}.${mode}.js`),
            types(...kernel.types),
            cuda.target('cuda'),
            {
              scope: scopeOf(c),
            },
          );
          const ptx = compileJob(cuda, job, { kind: 'assembly' }).output as string;
          expect(ptx, c.name).toContain('.entry');
          expect(assemblePTX(ptx, 'sm_90').length, c.name).toBeGreaterThan(0);
        }
      }
    }, 120_000);
  });
});
