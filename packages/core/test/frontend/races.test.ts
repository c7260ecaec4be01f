import { describe, expect, it } from 'vitest';
import { toSource } from '../../src/frontend/infer.js';
import { ArrayView, gpu, runReference } from '../../src/index.js';
import { DataRaceError } from '../../src/reference/race-runs.js';

// Kernels as text: their places are lines and columns of the text, in file races.js.
const kernel = (text: string) => ({ text, file: 'races.js' });

/** The race a launch reports (failing the test where it reports none). */
function raceOf(text: string, launch: { grid: number; block: number }, args: unknown[]): DataRaceError {
  try {
    runReference(kernel(text), launch, args);
  } catch (error) {
    if (error instanceof DataRaceError) return error;
    throw error;
  }
  throw new Error('no race reported');
}

const at = (line: number, column: number) => ({ file: 'races.js', line, column });

describe('race detection in the reference runner', () => {
  it('reports two threads writing one element, with both places', () => {
    const race = raceOf(
      `function last(out) {
  const t = gpu.threadIdx.x;
  out[0] = t;
}`,
      { grid: 1, block: 4 },
      [new Int32Array(1)],
    );
    expect(race.code).toBe('data-race');
    expect(race.kernel).toBe('last');
    expect(race.array).toBe('parameter out');
    expect(race.index).toBe(0);
    expect(race.first).toMatchObject({ kind: 'write', threadIdx: [0, 0, 0], at: at(3, 3) });
    expect(race.second).toMatchObject({ kind: 'write', threadIdx: [1, 0, 0], at: at(3, 3) });
    expect(race.message).toMatch(/data race .*element 0 of parameter out/);
  });

  it('reports a read and a write of a shared element in one barrier interval', () => {
    const race = raceOf(
      `function neighbour(x, out) {
  const tile = gpu.sharedArray(Float32Array, 8);
  const t = gpu.threadIdx.x;
  gpu.barrier();
  tile[t] = x[t];
  out[t] = tile[(t + 1) % 8];
}`,
      { grid: 1, block: 8 },
      [Float32Array.from({ length: 8 }, (_, i) => i + 1), new Float32Array(8)],
    );
    expect(race.array).toBe('shared array tile (races.js:2:16)');
    expect(race.index).toBe(1);
    expect(race.first).toMatchObject({ kind: 'read', threadIdx: [0, 0, 0], at: at(6, 12) });
    expect(race.second).toMatchObject({ kind: 'write', threadIdx: [1, 0, 0], at: at(5, 3) });
  });

  it('reports threads of two blocks, whatever barriers there are', () => {
    const race = raceOf(
      `function blocks(out) {
  gpu.barrier();
  out[gpu.threadIdx.x] += 1;
  gpu.barrier();
}`,
      { grid: 2, block: 4 },
      [new Int32Array(4)],
    );
    expect(race.first).toMatchObject({ kind: 'write', blockIdx: [0, 0, 0], threadIdx: [0, 0, 0] });
    expect(race.second).toMatchObject({
      kind: 'read',
      blockIdx: [1, 0, 0],
      threadIdx: [0, 0, 0],
      at: at(3, 3),
    });
  });

  it('reports a plain write racing an atomic', () => {
    const race = raceOf(
      `function mixed(out) {
  if (gpu.threadIdx.x === 0) out[0] = 5;
  else gpu.atomicAdd(out, 0, 1);
}`,
      { grid: 1, block: 2 },
      [new Int32Array(1)],
    );
    expect(race.first).toMatchObject({ kind: 'write', at: at(2, 30) });
    expect(race.second).toMatchObject({ kind: 'atomic', threadIdx: [1, 0, 0], at: at(3, 8) });
  });

  it('leaves race-free kernels alone', () => {
    const free = [
      // Barrier-separated phases of a shared tile.
      `function phases(x, out) {
  const tile = gpu.sharedArray(Float32Array, 8);
  const t = gpu.threadIdx.x;
  tile[t] = x[gpu.globalIdx.x];
  gpu.barrier();
  const v = tile[7 - t];
  gpu.barrier();
  tile[t] = v * 2;
  gpu.barrier();
  out[gpu.globalIdx.x] = tile[(t + 1) % 8];
}`,
      // Each thread its own element, reading its own writes.
      `function own(x, out) {
  const i = gpu.globalIdx.x;
  out[i] = x[i];
  out[i] = out[i] * 2 + x[i];
}`,
      // Atomics from every thread of every block.
      `function counts(x, out) {
  gpu.atomicAdd(out, 0, 1);
  gpu.atomicMax(out, 1, gpu.globalIdx.x);
}`,
      // A flag many threads set to the same value.
      `function flag(x, out) {
  if (x[gpu.globalIdx.x] > 3) out[2] = 1;
}`,
    ];
    for (const text of free) {
      const out = new Float32Array(16);
      const x = Float32Array.from({ length: 16 }, (_, i) => i);
      expect(() => runReference(kernel(text), { grid: 2, block: 8 }, [x, out])).not.toThrow();
    }
  });

  it('reports a flag set to different values', () => {
    const race = raceOf(
      `function flag(out) {
  out[0] = gpu.threadIdx.x % 2;
}`,
      { grid: 1, block: 4 },
      [new Int32Array(1)],
    );
    // Thread 0 writes 0 over 0, thread 1 writes 1 over thread 0's write.
    expect(race.second.threadIdx).toEqual([1, 0, 0]);
  });

  it('runs a racy kernel unchecked with races: false, as before', () => {
    const out = new Int32Array(1);
    runReference(
      kernel('function last(out) { out[0] = gpu.threadIdx.x; }'),
      { grid: 1, block: 4, races: false },
      [out],
    );
    expect(out[0]).toBe(3);
  });

  it('names an array in a record argument by its path', () => {
    const race = raceOf(
      `function fields(p) {
  p.out[0] = gpu.threadIdx.x;
}`,
      { grid: 1, block: 2 },
      [{ out: new Int32Array(1) }],
    );
    expect(race.array).toBe('parameter p.out');
    expect(race.first.at).toEqual(at(2, 3));
  });
});

// A kernel run as itself: its places are those its source gives (this file's where the test
// runner's transform lets the source find the function there, as compile errors' are).
function ownRace(out: Int32Array) {
  out[0] = gpu.threadIdx.x; // the racing store
}

describe('race reports of kernels given as functions', () => {
  it("place the accesses in the kernel's source", () => {
    let race: unknown;
    try {
      runReference(ownRace, { grid: 1, block: 2 }, [new Int32Array(1)]);
    } catch (error) {
      race = error;
    }
    expect(race).toBeInstanceOf(DataRaceError);
    const source = toSource(ownRace);
    const { first, second, kernel } = race as DataRaceError;
    expect(kernel).toBe('ownRace');
    expect(first.at).toEqual(source.locate(source.text.indexOf('out[0]')));
    expect(second.at).toEqual(first.at);
  });
});

describe('race reports through views', () => {
  it("place a view's get and set at the kernel's call", () => {
    const race = raceOf(
      `function viewed(v) {
  const t = gpu.threadIdx.x;
  v.set(0, t, v.get(1, t) + 1);
  v.set(1, (t + 1) % 4, 0);
}`,
      { grid: 1, block: 4 },
      [new ArrayView(new Float32Array(8), [2, 4])],
    );
    expect(race.array).toBe('parameter v');
    expect(race.index).toBe(5);
    expect(race.first).toMatchObject({ kind: 'write', threadIdx: [0, 0, 0], at: at(4, 3) });
    expect(race.second).toMatchObject({ kind: 'read', threadIdx: [1, 0, 0], at: at(3, 15) });
  });
});

describe('plain reads of elements other threads update atomically', () => {
  it('are races where the value read is used', () => {
    const race = raceOf(
      `function counted(c, out) {
  gpu.atomicAdd(c, 0, 1);
  out[gpu.threadIdx.x] = c[0];
}`,
      { grid: 1, block: 2 },
      [new Int32Array(1), new Int32Array(2)],
    );
    expect(race.first).toMatchObject({ kind: 'read', threadIdx: [0, 0, 0], at: at(3, 26) });
    expect(race.second).toMatchObject({ kind: 'atomic', threadIdx: [1, 0, 0], at: at(2, 3) });
  });

  it("race no compare-and-swap: a swap loop's guess, a float max's early exit", () => {
    const text = `function increment(c) {
  let seen = c[0];
  for (;;) {
    const previous = gpu.atomicCAS(c, 0, seen, seen + 1);
    if (previous === seen) break;
    seen = previous;
  }
}`;
    const c = new Int32Array(1);
    runReference(kernel(text), { grid: 2, block: 4 }, [c]);
    expect(c[0]).toBe(8);
    const max = `function max(m, x) {
  const v = x[gpu.globalIdx.x];
  let old = m[0];
  while (v > old) {
    const seen = gpu.atomicCAS(m, 0, old, v);
    if (seen === old) break;
    old = seen;
  }
}`;
    const m = new Float32Array([Number.NEGATIVE_INFINITY]);
    runReference(kernel(max), { grid: 2, block: 4 }, [m, Float32Array.from([3, 9, 1, 4, 9, 2, 0, 5])]);
    expect(m[0]).toBe(9);
  });
});

describe('races in dynamic shared memory', () => {
  it('are found through any view of it', () => {
    const text = `function staged(x, out) {
  const t = gpu.threadIdx.x;
  const words = gpu.dynamicSharedArray(Float32Array);
  words[t] = x[t];
  gpu.barrier();
  out[t] = words[t ^ 1];
  words[t] = 0;
}`;
    let race: unknown;
    try {
      runReference(kernel(text), { grid: 1, block: 4, sharedBytes: 16 }, [
        Float32Array.from([1, 2, 3, 4]),
        new Float32Array(4),
      ]);
    } catch (error) {
      race = error;
    }
    expect(race).toBeInstanceOf(DataRaceError);
    const { array, index, first, second } = race as DataRaceError;
    expect([array, index]).toEqual(['the dynamic shared memory', 0]);
    expect(first).toMatchObject({ kind: 'write', threadIdx: [0, 0, 0], at: at(7, 3) });
    expect(second).toMatchObject({ kind: 'read', threadIdx: [1, 0, 0], at: at(6, 12) });
  });
});

describe('orders through atomics', () => {
  it('leave a lock-protected update across blocks alone, and find it unlocked', () => {
    const locked = `function locked(lock, c) {
  while (gpu.atomicCAS(lock, 0, 0, 1) !== 0) {}
  c[0] += 1;
  gpu.threadFence();
  gpu.atomicExch(lock, 0, 0);
}`;
    const c = new Int32Array(1);
    runReference(kernel(locked), { grid: 4, block: 1 }, [new Int32Array(1), c]);
    expect(c[0]).toBe(4);
    const race = raceOf('function unlocked(lock, c) {\n  c[0] += 1;\n}', { grid: 2, block: 1 }, [
      new Int32Array(1),
      new Int32Array(1),
    ]);
    expect(race.second).toMatchObject({ kind: 'read', blockIdx: [1, 0, 0], at: at(2, 3) });
  });

  it("leave the last block's reads of the others' results alone", () => {
    const last = `function last(x, partial, count, total) {
  const t = gpu.threadIdx.x;
  const b = gpu.blockIdx.x;
  const done = gpu.sharedArray(Int32Array, 1);
  if (t === 0) partial[b] = x[b * 4] + x[b * 4 + 1] + x[b * 4 + 2] + x[b * 4 + 3];
  gpu.barrier();
  if (t === 0) done[0] = gpu.atomicAdd(count, 0, 1);
  gpu.barrier();
  if (done[0] === gpu.gridDim.x - 1 && t < gpu.gridDim.x) gpu.atomicAdd(total, 0, partial[t]);
}`;
    const total = new Float32Array(1);
    const x = Float32Array.from({ length: 16 }, (_, i) => i);
    runReference(kernel(last), { grid: 4, block: 4 }, [x, new Float32Array(4), new Int32Array(1), total]);
    expect(total[0]).toBe(120);
  });
});

describe('orders through atomics of several elements in turn', () => {
  // Blocks count themselves in pairs; the last of each pair counts its pair at the top; the last
  // there reads every block's partial: block 0's through its pair's counter, then the top's.
  const twoLevel = (late: boolean) => `function twoLevel(x, partial, pairs, top, total) {
  const b = gpu.blockIdx.x;
  ${late ? '' : 'partial[b] = x[b] * 2;'}
  const last = gpu.atomicAdd(pairs, b >> 1, 1) === 1 && gpu.atomicAdd(top, 0, 1) === 1;
  ${late ? 'partial[b] = x[b] * 2;' : ''}
  if (last) {
    let s = 0;
    for (let k = 0; k < 4; k++) s += partial[k];
    total[0] = s;
  }
}`;
  const args = () => [
    Float32Array.of(1, 2, 3, 4),
    new Float32Array(4),
    new Int32Array(2),
    new Int32Array(1),
    new Float32Array(1),
  ];

  it('leave a two-level count alone: the last of the last pair reads what every block wrote', () => {
    const given = args();
    runReference(kernel(twoLevel(false)), { grid: 4, block: 1 }, given);
    expect(given[4]).toEqual(Float32Array.of(20));
  });

  it('find a partial written after its block counted itself', () => {
    const race = raceOf(twoLevel(true), { grid: 4, block: 1 }, args());
    expect(race.array).toBe('parameter partial');
    expect(race.second).toMatchObject({ kind: 'read', blockIdx: [3, 0, 0] });
  });
});

describe('warp operations', () => {
  it("order their warp's lanes, not other warps'", () => {
    const exchange = (block: number) => `function exchange(out) {
  const tile = gpu.sharedArray(Int32Array, 64);
  const t = gpu.threadIdx.x;
  tile[t] = t;
  const all = gpu.voteAll(true);
  out[t] = tile[t ^ ${block === 32 ? 1 : 32}] + (all ? 1 : 0);
}`;
    const out = new Int32Array(64);
    runReference(kernel(exchange(32)), { grid: 1, block: 64 }, [out]);
    expect(out[0]).toBe(2);
    const race = raceOf(exchange(64), { grid: 1, block: 64 }, [new Int32Array(64)]);
    expect(race.first).toMatchObject({ kind: 'write', threadIdx: [32, 0, 0], at: at(4, 3) });
    expect(race.second).toMatchObject({ kind: 'read', threadIdx: [0, 0, 0], at: at(6, 12) });
  });
});

describe('atomics on one element whose order changes it', () => {
  it('race: a maximum and a subtraction, exchanges of different values, crossing clamps', () => {
    const maxSub = raceOf(
      `function mixed(out) {
  if (gpu.threadIdx.x % 2 === 0) gpu.atomicMax(out, 0, 10);
  else gpu.atomicSub(out, 0, 3);
}`,
      { grid: 1, block: 4 },
      [new Int32Array(1)],
    );
    expect(maxSub.first).toMatchObject({
      kind: 'atomic',
      atomic: 'atomicMax',
      threadIdx: [0, 0, 0],
      at: at(2, 34),
    });
    expect(maxSub.second).toMatchObject({
      kind: 'atomic',
      atomic: 'atomicSub',
      threadIdx: [1, 0, 0],
      at: at(3, 8),
    });
    expect(maxSub.message).toMatch(
      /\(gpu\.atomicMax\) by block 0,0,0 thread 0,0,0 .*\(gpu\.atomicSub\) .*two atomics whose order changes it/,
    );
    // Each thread leaves its own index: the last one wins, whichever it is.
    const exchanges = raceOf(
      'function last(out) { gpu.atomicExch(out, 0, gpu.threadIdx.x); }',
      { grid: 1, block: 4 },
      [new Int32Array(1)],
    );
    expect(exchanges.second).toMatchObject({ atomic: 'atomicExch', threadIdx: [1, 0, 0] });
    // A floor above the ceiling: min then max gives 8, max then min 5.
    const crossing = raceOf(
      `function clamp(out) {
  if (gpu.blockIdx.x === 0) gpu.atomicMin(out, 0, 5);
  else gpu.atomicMax(out, 0, 8);
}`,
      { grid: 2, block: 1 },
      [Float32Array.of(6)],
    );
    expect(crossing.first.blockIdx).toEqual([0, 0, 0]);
    expect(crossing.second.blockIdx).toEqual([1, 0, 0]);
    // Setting a bit another thread flips.
    const bits = raceOf(
      `function bits(out) {
  if (gpu.threadIdx.x === 0) gpu.atomicOr(out, 0, 6);
  else gpu.atomicXor(out, 0, 4);
}`,
      { grid: 1, block: 2 },
      [new Uint32Array(1)],
    );
    expect(bits.second).toMatchObject({ atomic: 'atomicXor' });
  });

  it('race: compare-and-swaps offering different values, the first to come winning, the others not trying again', () => {
    const claim = raceOf(
      `function claim(owner) {
  gpu.atomicCAS(owner, 0, -1, gpu.threadIdx.x);
}`,
      { grid: 1, block: 4 },
      [Int32Array.of(-1)],
    );
    expect(claim.first).toMatchObject({
      kind: 'atomic',
      atomic: 'atomicCAS',
      threadIdx: [0, 0, 0],
      at: at(2, 3),
    });
    expect(claim.second).toMatchObject({
      kind: 'atomic',
      atomic: 'atomicCAS',
      threadIdx: [1, 0, 0],
      at: at(2, 3),
    });
    expect(claim.message).toMatch(
      /\(gpu\.atomicCAS\) by block 0,0,0 thread 0,0,0 .*two atomics whose order changes it/,
    );
    // Across blocks, the loser reading who won: the element still depends on the schedule.
    const winner = raceOf(
      `function first(owner, out) {
  const b = gpu.blockIdx.x;
  const seen = gpu.atomicCAS(owner, 0, 0, b + 1);
  out[b] = seen === 0 ? b + 1 : seen;
}`,
      { grid: 2, block: 1 },
      [new Float32Array(1), new Float32Array(2)],
    );
    expect(winner.second.blockIdx).toEqual([1, 0, 0]);
  });

  it('do not race as compare-and-swaps that every order leaves alike, or that a loop tries again', () => {
    const free = [
      // A flag set once, whoever first: the same value.
      'function once(flag) { gpu.atomicCAS(flag, 0, 0, 1); }',
      // A swap loop whose first guess is assumed, not read: the losers try again.
      `function sum(c) {
  let old = 0;
  for (;;) {
    const seen = gpu.atomicCAS(c, 0, old, old + gpu.threadIdx.x + 1);
    if (seen === old) break;
    old = seen;
  }
}`,
      // A barrier orders the loser after the winner.
      `function phased(owner) {
  if (gpu.threadIdx.x === 0) gpu.atomicCAS(owner, 0, 0, 5);
  gpu.barrier();
  if (gpu.threadIdx.x === 1) gpu.atomicCAS(owner, 0, 0, 7);
}`,
      // The loser offers what the winner looks for: in its order, the winner still wins.
      'function back(s) { gpu.atomicCAS(s, 0, 0, gpu.threadIdx.x === 0 ? 3 : 0); }',
      // Swaps that both succeed (docs/language.md: not compared, as in the other order the
      // second's thread tries again): a lock released with a swap, a relay passed on in turn.
      `function locked(lock) {
  while (gpu.atomicCAS(lock, 0, 0, 1) !== 0) {}
  gpu.atomicCAS(lock, 0, 1, 0);
}`,
      `function relay(s) {
  const t = gpu.threadIdx.x;
  while (gpu.atomicCAS(s, 0, t, t + 1) !== t) {}
}`,
    ];
    for (const text of free) {
      const c = new Int32Array(1);
      expect(() => runReference(kernel(text), { grid: 1, block: 4 }, [c]), text).not.toThrow();
    }
  });

  it('do not race where either order leaves the same element', () => {
    const free = [
      // Sums and differences; a count read back with an atomic add of 0 beside maxima.
      `function sums(out) {
  const t = gpu.globalIdx.x;
  if (t % 2 === 0) gpu.atomicAdd(out, 0, t);
  else gpu.atomicSub(out, 0, 1);
  gpu.atomicMax(out, 1, t);
  out[2 + t] = gpu.atomicAdd(out, 1, 0) >= 0 ? 1 : 0;
}`,
      // A bit set: each thread sets its bit or clears another, flips a bit no one else touches.
      `function bitset(out) {
  const t = gpu.globalIdx.x;
  if (t % 2 === 0) gpu.atomicOr(out, 0, 1 << t);
  else gpu.atomicAnd(out, 0, ~(1 << (t - 1 + 16)));
  gpu.atomicXor(out, 1, t === 3 ? 1 << 20 : 0);
  gpu.atomicOr(out, 1, 1 << t);
}`,
      // A clamp from below and above; a flag exchanged to one value; an exchange a maximum keeps.
      `function clamps(out) {
  const t = gpu.globalIdx.x;
  if (t % 2 === 0) gpu.atomicMax(out, 0, 2);
  else gpu.atomicMin(out, 0, 9);
  gpu.atomicExch(out, 1, 7);
  if (t === 0) gpu.atomicExch(out, 2, 100);
  else gpu.atomicMax(out, 2, t);
}`,
    ];
    for (const text of free)
      expect(() => runReference(kernel(text), { grid: 2, block: 8 }, [new Int32Array(24)])).not.toThrow();
    // A maximum and a subtraction that a barrier orders.
    expect(() =>
      runReference(
        kernel(`function phased(out) {
  gpu.atomicMax(out, 0, gpu.threadIdx.x);
  gpu.barrier();
  if (gpu.threadIdx.x === 0) gpu.atomicSub(out, 0, 1);
}`),
        { grid: 1, block: 8 },
        [new Int32Array(1)],
      ),
    ).not.toThrow();
  });

  it("runs a typed array's own methods and iterators as JavaScript does, its iterators' reads recorded", () => {
    // The compiler refuses for-of and subarray (coded); the runner still gives JavaScript's result.
    const text = `function k(x, o) {
  const t = gpu.threadIdx.x;
  let s = 0;
  for (const v of x) s += v;
  for (const [i, v] of x.entries()) s += i * v;
  o[t] = s + x.subarray(1, 3).length + x.indexOf(3) + [...x.values()].length;
}`;
    const args = [Int32Array.of(1, 2, 3), new Int32Array(2)];
    runReference(kernel(text), { grid: 1, block: 2 }, args);
    expect(Array.from(args[1] as Int32Array)).toEqual([6 + 8 + 2 + 2 + 3, 6 + 8 + 2 + 2 + 3]);
    const race = raceOf(
      `function k(x, o) {
  const t = gpu.threadIdx.x;
  if (t === 1) x[0] = 5;
  let s = 0;
  for (const v of x) s += v;
  o[t] = s;
}`,
      { grid: 1, block: 2 },
      [Int32Array.of(1, 2), new Int32Array(2)],
    );
    expect(race.index).toBe(0);
    expect([race.first.kind, race.second.kind].sort()).toEqual(['read', 'write']);
  });
});
