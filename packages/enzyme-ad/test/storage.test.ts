import { CudaPlugin, findPtxas } from '@gpuc/backend-cuda';
import {
  compileJob,
  compileNative,
  createCompiler,
  createJob,
  type KernelType,
  type Params,
  parseType,
  runReference,
  sourceFromText,
} from '@gpuc/core';
import { describe, expect, it } from 'vitest';
import { CASES } from '../corpus/cases.js';
import { caseKernel, scopeOf } from '../corpus/harness.js';
import { Active, autodiff, Const, Duplicated, EnzymePlugin, Forward, Reverse } from '../src/index.js';

const types = (...names: string[]) => names.map((t) => parseType(t) as KernelType);

// What the reverse sweep keeps, and where: tapes only for values that change between the
// iterations that read them, and shadow additions that need no atomics where no other thread
// can touch the element.

/** The maximum of a[0..n), then the log of the sum of exp(a[k] - maximum): two loops. */
function logSumExp(a: Float64Array, n: number): number {
  let high = a[0]!;
  for (let k = 1; k < n; k++) high = Math.max(high, a[k]!);
  let s = 0.0;
  for (let k = 0; k < n; k++) s += Math.exp(a[k]! - high);
  return high + Math.log(s);
}

// Functions of one Active number are answered in forward mode (no tape); the ones here that
// test tapes take a second Active number, a weight w of the result.
describe('the reverse sweep', () => {
  it('reads a value an earlier loop computed without a tape entry per iteration of the later loop', () => {
    const n = 40;
    const a = Float64Array.from({ length: n }, (_, k) => Math.sin(k * 1.7) * 2);
    const da = new Float64Array(n);
    // The first loop tapes two values per iteration (the maximum before and after); the
    // second reads the final maximum, fixed while it runs, and must tape nothing.
    autodiff(Reverse, logSumExp, Duplicated(a, da), Const(n), { tapeCapacity: 2 * n });
    const high = Math.max(...a);
    const sum = a.reduce((s, v) => s + Math.exp(v - high), 0);
    for (const [k, d] of da.entries()) expect(d).toBeCloseTo(Math.exp((a[k] as number) - high) / sum, 12);
  });

  it('reads a captured table again instead of taping what it read', () => {
    const table = Float64Array.of(1, -2, 0.5, 3);
    const weighted = (x: number, w: number, n: number) => {
      let s = 0.0;
      for (let k = 0; k < n; k++) s += table[k % 4]! * Math.sin(x * k);
      return s * w;
    };
    // The loop needs only its counter from the tape: the table reads can be repeated.
    const n = 30;
    const [d] = autodiff(Reverse, weighted, Active(0.3), Active(1), Const(n), {
      scope: { table },
      tapeCapacity: 4,
    }) as number[];
    let expected = 0;
    for (let k = 0; k < n; k++) expected += (table[k % 4] as number) * k * Math.cos(0.3 * k);
    expect(d).toBeCloseTo(expected, 10);
  });

  it('in a loop the data ends, recomputes from a taped value what the reverse reads of it', () => {
    // Newton's iteration for the square root: the reverse reads g and x / g; x / g is computed
    // again from the taped g rather than taped too (a loop the data ends cannot be unrolled,
    // so its tape is memory).
    const root = (x: number, w: number) => {
      let g = x;
      let steps = 0;
      while (Math.abs(g * g - x) > 1e-12 * x && steps < 100) {
        g = 0.5 * (g + x / g);
        steps++;
      }
      return g * w;
    };
    let steps = 0;
    for (let g = 50; Math.abs(g * g - 50) > 1e-12 * 50 && steps < 100; steps++) g = 0.5 * (g + 50 / g);
    // About one entry per iteration (two when x / g is taped too).
    const [d] = autodiff(Reverse, root, Active(50), Active(1), { tapeCapacity: steps + 1 }) as number[];
    expect(d).toBeCloseTo(0.5 / Math.sqrt(50), 10);
  });

  // With checkpoints, a loop the data ends keeps one chunk of iterations on its tape (8 here)
  // and a checkpoint of its state per chunk; the reverse runs each earlier chunk again from its
  // checkpoint. About 40 iterations here: a tape of 16 entries holds them.
  it('keeps one chunk of a loop the data ends on the tape, and a checkpoint per chunk', () => {
    const series = (x: number, w: number) => {
      let term = 1.0;
      let sum = 1.0;
      for (let k = 1; Math.abs(term) > 1e-30; k++) {
        term = (term * x) / k;
        sum += term;
      }
      return sum * w;
    };
    for (const x of [-3, -0.7, 0.4, 2.5, 6])
      expect(
        (autodiff(Reverse, series, Active(x), Active(1), { tapeCapacity: 16, checkpoint: 8 }) as number[])[0],
      ).toBeCloseTo(Math.exp(x), 10);
    // Too small even so: the device exception, never a wrong result.
    expect(() => autodiff(Reverse, series, Active(6), Active(1), { tapeCapacity: 6, checkpoint: 8 })).toThrow(
      /adTapeCapacity/,
    );
    // About 10000 iterations on 256 entries: 155 checkpoints and a chunk of 64.
    const decay = (x: number, w: number) => {
      let v = x;
      while (v > 1e-3) v = v * 0.9993 + 1e-7 * Math.sin(v);
      return v * w;
    };
    let v = 1;
    let product = 1;
    while (v > 1e-3) {
      product *= 0.9993 + 1e-7 * Math.cos(v);
      v = v * 0.9993 + 1e-7 * Math.sin(v);
    }
    const [d] = autodiff(Reverse, decay, Active(1), Active(1), {
      tapeCapacity: 256,
      checkpoint: 64,
    }) as number[];
    expect(d).toBeCloseTo(product, 12);
    // Without checkpoints (the default) every iteration takes an entry.
    expect(() => autodiff(Reverse, series, Active(6), Active(1), { tapeCapacity: 16 })).toThrow(
      /adTapeCapacity/,
    );
    // One Active number: forward mode, no tape.
    expect((autodiff(Reverse, series, Active(6), Const(1), { tapeCapacity: 1 }) as number[])[0]).toBeCloseTo(
      Math.exp(6),
      8,
    );
  });

  it('runs a chunk again through branches and a break, with counters stepped back', () => {
    // A branch inside (its merge recorded per iteration), a counter the reverse reads (j), an
    // exit in the middle of the body, and iteration counts on either side of chunk boundaries.
    const walk = (x: number, w: number, limit: number) => {
      let v = x;
      let s = 0.0;
      for (let j = 0; ; j++) {
        if (v > 0.5) v = v * 0.9 - 0.01 * j;
        else v = Math.sin(v) + 0.3;
        s += v * v;
        if (s > limit) break;
      }
      return s * w;
    };
    for (const limit of [3, 7.5, 16, 24.2, 40])
      for (const x of [0.2, 1.3]) {
        const h = 1e-6;
        const expected = (walk(x + h, 1, limit) - walk(x - h, 1, limit)) / (2 * h);
        const [d] = autodiff(Reverse, walk, Active(x), Active(1), Const(limit), {
          tapeCapacity: 64,
          checkpoint: 8,
        }) as number[];
        expect(d).toBeCloseTo(expected, 5);
      }
  });

  // A derivative whose arrays may share memory has a version for arrays apart, whose reads of
  // one array go ahead of the writes to another, and one for arrays that share memory (one
  // array passed as both x and y), which keeps the order: with a stride of 0 every iteration
  // reads the element it wrote, after the write (forward), and the reverse reads each seed after
  // the addition before it.
  it.each([
    ['apart', 1, 'Reverse'],
    ['apart', 0, 'Reverse'],
    ['one array passed twice', 1, 'Reverse'],
    ['one array passed twice', 0, 'Reverse'],
    ['apart', 0, 'Forward'],
    ['one array passed twice', 0, 'Forward'],
  ])(
    'gives the reference derivatives natively for arrays %s (stride %i times n, %s)',
    (kind, times, mode) => {
      const squares = (x: Float64Array, y: Float64Array, first: number, stride: number) => {
        let s = 0.0;
        for (let k = 0; k < 4; k++) {
          s += x[first + k * stride]! * x[first + k * stride]!;
          y[first + k * stride] = s * 0.5;
        }
      };
      const text = `function k(x, dx, y, dy, n, times) {
  const i = gpu.globalIdx.x;
  if (i < n) autodiff(${mode}, squares, Duplicated(x, dx), Duplicated(y, dy), Const(i), Const(n * times));
}`;
      const n = 8;
      const make = () => {
        const x = Float64Array.from({ length: 4 * n }, (_, q) => Math.sin(q * 0.7) + 0.2);
        const dx = Float64Array.from({ length: 4 * n }, (_, q) => Math.cos(q * 1.3));
        const shared = kind !== 'apart';
        const y = shared ? x : new Float64Array(4 * n);
        const dy = shared ? dx : Float64Array.from({ length: 4 * n }, (_, q) => 1 + (q % 5));
        return [x, dx, y, dy, n, times] as const;
      };
      const scope = { squares, autodiff, Reverse, Forward, Duplicated, Const };
      const native = make();
      compileNative(
        sourceFromText(text, 'squares.js'),
        types('f64[]', 'f64[]', 'f64[]', 'f64[]', 'i32', 'i32'),
        {
          scope,
          compiler: createCompiler().use(new EnzymePlugin()),
        },
      ).launch(1, n, [...native]);
      const reference = make();
      runReference(sourceFromText(text, 'squares.js'), { grid: 1, block: n, scope }, [...reference]);
      for (const q of [0, 1, 2, 3])
        expect(Array.from(native[q] as Float64Array)).toEqual(Array.from(reference[q] as Float64Array));
    },
  );

  describe.skipIf(!findPtxas())('compiled for CUDA', () => {
    const cuda = createCompiler().use(new CudaPlugin(), new EnzymePlugin());
    const ptxOf = (name: string, params: Params = {}) => {
      const c = CASES.find((x) => x.name === name);
      if (!c) throw new Error(name);
      const kernel = caseKernel(c, 'reverse', 4);
      const job = createJob(
        sourceFromText(kernel.text, `${c.name}.reverse.js`),
        types(...kernel.types),
        cuda.target('cuda'),
        { scope: scopeOf(c), params },
      );
      return compileJob(cuda, job, { kind: 'assembly' }).output as string;
    };

    /** The kernel's own body (a version kept out of line follows it as a `.func`). */
    const entryOf = (ptx: string) => {
      const start = ptx.indexOf('.entry');
      const end = ptx.indexOf('\n.func', start);
      return ptx.slice(start, end < 0 ? undefined : end);
    };

    it('keeps the tape of a loop the optimiser unrolls in registers (logsumexp)', () => {
      expect(ptxOf('logsumexp')).not.toMatch(/\.local|ld\.local|st\.local/);
    });

    // in-place's loop calls Math.sin, too long for the unroller's threshold: unrolled on the
    // derivative's request, its tape (the elements it overwrites) is registers, not local memory
    // (sin's slow path, a function of its own, keeps its own).
    it('unrolls a counted loop whose iterations push on a tape (in-place)', () => {
      const entry = entryOf(ptxOf('in-place'));
      expect(entry).not.toMatch(/\b(ld|st)\.local/);
      expect(entry).not.toMatch(/gpuc: loop header/);
    });

    // A race-free primal: no other thread touches an element this thread writes during the
    // call, so neither does any other thread's reverse sweep touch its shadow.
    it('adds to the shadow of an element the thread also writes without an atomic (in-place)', () => {
      expect(ptxOf('in-place')).not.toMatch(/\batom\./);
    });

    it('keeps the atomic where the thread writes another element of the array than it reads', () => {
      const shift = (x: Float64Array, first: number, stride: number) => {
        x[first] = Math.sin(x[first + stride]!) * x[first]!;
      };
      const text = `function k(x, dx, n) {
  const i = gpu.globalIdx.x;
  if (i < n) autodiff(Reverse, shift, Duplicated(x, dx), Const(i), Const(n));
}`;
      const job = createJob(
        sourceFromText(text, 'shift.js'),
        types('f64[]', 'f64[]', 'i32'),
        cuda.target('cuda'),
        {
          scope: { shift },
        },
      );
      // x[first] is private (written); x[first + stride] may be another thread's read.
      expect(compileJob(cuda, job, { kind: 'assembly' }).output as string).toMatch(
        /\batom\.global\.add\.f64/,
      );
    });

    // Shadows share no memory with the arrays f reads: alias scopes say so, and the reads of a
    // reverse loop go ahead of its shadow additions instead of one read per addition.
    it.each(['sum-of-squares', 'product'])(
      'reads every element before the first shadow addition (%s)',
      (name) => {
        const ptx = ptxOf(name);
        const first = ptx.search(/\batom\.global\.add\.f64/);
        expect(first).toBeGreaterThan(0);
        expect(ptx.slice(first)).not.toMatch(/\bld\.global/);
      },
    );

    // A product's adjoint is zero only by accident: testing it would split each iteration.
    it.each([true, false])(
      'adds a product of arithmetic into a shadow without testing it for zero (adAtomic: %s)',
      (adAtomic) => {
        expect(ptxOf('product', { adAtomic })).not.toMatch(/setp\.\w+\.f64[^\n]*0d0000000000000000/);
      },
    );

    // One Active number and no shadows: forward mode carries its tangent, so a loop the data
    // ends (a series summed until its terms vanish) keeps no tape in local memory.
    it('answers a reverse call with one Active number in forward mode, without a tape (taylor-exp)', () => {
      expect(ptxOf('taylor-exp')).not.toMatch(/\.local|ld\.local|st\.local/);
      expect(ptxOf('taylor-exp', { adTangent: false })).toMatch(/st\.local/);
    });

    // The version for arrays that share memory is a function of its own; the call's constant
    // (m = 8, through Const) reaches it, so its loops unroll and its tape is registers too.
    it('keeps no tape in local memory in the version for arrays that share memory (prefix-sum)', () => {
      const ptx = ptxOf('prefix-sum');
      expect(ptx).toMatch(/^\.func/m);
      expect(ptx).not.toMatch(/\.local|ld\.local|st\.local/);
    });

    it('keeps atomics for elements other threads may read (prefix-sum reads x, writes y)', () => {
      expect(ptxOf('prefix-sum')).toMatch(/\batom\.global\.add\.f64/);
    });

    /** The PTX's basic blocks, each as its text. */
    const blocksOf = (ptx: string) => ptx.split(/^\$L__BB\d+_\d+:/m);

    // Two arrays, x and y, and their shadows: where the call finds them apart, the forward sweep
    // reads every element of x before its first write to y, and the reverse sweep reads and
    // zeroes every element of dy before its first addition into dx, instead of waiting for memory
    // once per iteration (the read of x after the write to y, the read of dy after the atomic).
    it('reads x ahead of the writes to y, and dy ahead of the additions into dx (prefix-sum)', () => {
      // The unrolled loop's block in the version for arrays apart, inlined in the kernel: its 8
      // additions, and no access after the first.
      const unrolled = blocksOf(entryOf(ptxOf('prefix-sum'))).filter(
        (block) => block.match(/\batom\.global\.add\.f64/g)?.length === 8,
      );
      expect(unrolled).toHaveLength(1);
      const block = unrolled[0] as string;
      const first = block.search(/\batom\.global\.add\.f64/);
      expect(block.slice(first)).not.toMatch(/\b(ld|st)\.global/);
      expect(
        block.slice(0, block.search(/\bst\.global/)).match(/\bld\.global/g)?.length,
      ).toBeGreaterThanOrEqual(8);
    });

    // The forward sweep's writes to y wait for the reads of x; moved after the reverse sweep's
    // reads of dy, every read goes out before the thread first waits for memory.
    it('reads every element of x and dy before its first write of a computed value (prefix-sum)', () => {
      const block = blocksOf(entryOf(ptxOf('prefix-sum'))).find(
        (b) => b.match(/\batom\.global\.add\.f64/g)?.length === 8,
      ) as string;
      const computed = block.search(/\bst\.global\.b64\s+\[[^\]]+\],\s*%/);
      expect(computed).toBeGreaterThan(0);
      expect(block.slice(0, computed).match(/\bld\.global/g)).toHaveLength(16);
      expect(block.slice(computed)).not.toMatch(/\bld\.global/);
    });

    // Each seed of dy is read, then zeroed; the next read cannot be told apart from that zeroing
    // (the stride may be 0), so it takes the zero where the addresses meet and goes ahead of it.
    it('reads every seed of dy before it zeroes any (prefix-sum)', () => {
      const block = blocksOf(entryOf(ptxOf('prefix-sum'))).find(
        (b) => b.match(/\batom\.global\.add\.f64/g)?.length === 8,
      ) as string;
      const zeroed = block.search(/\bst\.global\.b64\s+\[[^\]]+\],\s*0;/);
      expect(zeroed).toBeGreaterThan(0);
      expect(block.slice(0, zeroed).match(/\bld\.global/g)).toHaveLength(16);
    });
  });
});
