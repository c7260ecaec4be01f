/**
 * The kernel generator: reads a choice tape and writes a kernel three ways at once: as
 * JavaScript source (`js`), with gpuc's documented semantics emulated (`em`, every operation a
 * call into {@link Emulation}), and emulated with f32 products and sums fused (`fu`). It types
 * every expression as gpuc does (docs/language.md "Types", "Literals", "Promotion") so the
 * emulation applies each divergence where gpuc computes in a narrower type than JavaScript.
 *
 * Literals follow gpuc's rule: untyped until they meet a typed operand. The generator only lets
 * a literal stand where its type is certain: alone only when its default type is the one wanted,
 * and next to a typed (non-literal) operand, whose type it takes, otherwise.
 *
 * This module assembles the kernel: its parameters and captured values, its statements, the
 * collective parts (warp operations, shared memory and barriers) and each output's final store.
 * The parts are written by the layers under generator/, each extending the one below.
 */
import { BLOCK, encode, type FuzzCase, LENGTH, type Tolerance } from './case.js';
import {
  type ArrayParam,
  type AtomicType,
  DYNAMIC_SHARED_BYTES,
  ownStore,
  VIEW,
  VIEW3,
  WIDE_TYPES,
  widthOf,
  zero,
} from './generator/model.js';
import { PROFILES, type ProfileName } from './generator/profile.js';
import { Refusals } from './generator/refusals.js';
import { type Expr, line, plain, same, texts } from './generator/text.js';
import { Tape } from './tape.js';
import { ARRAY_OF, constructorOf, isBigInt, isFloat, isHalf, isNarrow, readAs, type Ty } from './types.js';

/** The generator: every layer, and the kernel's assembly. */
class Generator extends Refusals {
  kernel(): FuzzCase {
    this.square = this.tape.chance(10);
    if (this.square) this.feature('block:4x2');
    this.cube = !this.square && this.tape.chance(6);
    if (this.cube) this.feature('block:2x2x2');
    const outputs = 1 + this.tape.next(3);
    const inputs = 1 + this.tape.next(3);
    const scalars = this.tape.next(4);
    const elementTypes = this.allowed([
      'f64',
      'i32',
      'f32',
      'u32',
      'i8',
      'u8',
      'i16',
      'u16',
      'i64',
      'u64',
      'f16',
      'bf16',
    ] as const);
    for (let k = 0; k < outputs; k++) {
      const t = this.tape.pick(elementTypes);
      this.arrays.push({ name: `o${k}`, t, role: 'output' });
    }
    for (let k = 0; k < inputs; k++) {
      const t = this.tape.pick(elementTypes);
      this.arrays.push({ name: `a${k}`, t, role: this.tape.chance(25) ? 'table' : 'input' });
    }
    if (this.tape.chance(12))
      this.arrays.push({ name: 'q0', t: this.tape.pick(this.allowed(WIDE_TYPES)), role: 'wide' });
    const atomics = this.tape.chance(20) ? 1 + this.tape.next(2) : 0;
    for (let k = 0; k < atomics; k++) {
      const t = this.tape.pick(this.atomicTypes());
      this.arrays.push({ name: `c${k}`, t, role: 'atomic', atomic: this.atomicPlan(t) });
    }
    // Some arrays of outputs and inputs pass as 4 x 4 views (16-bit ones stay plain: plain
    // JavaScript sees those through a face of numbers that a view would not use).
    this.arrays.forEach((a, k) => {
      if (
        a.role !== 'atomic' &&
        a.role !== 'wide' &&
        !isHalf(a.t) &&
        this.allows('view') &&
        this.tape.chance(10)
      ) {
        const three = this.tape.chance(30);
        this.arrays[k] = { ...a, view: three ? VIEW3 : VIEW };
        this.feature(three ? 'view:3' : 'view');
      }
    });
    // Now and then an input is the same array as an output (JavaScript lets one array be passed
    // twice): each thread reads and writes only its own element of either, in program order.
    const inputAt = this.arrays.findIndex((a) => a.role === 'input' && !a.view);
    const plainOutputs = this.arrays.filter((a) => a.role === 'output' && !a.view);
    const aliased =
      inputAt >= 0 && plainOutputs.length > 0 && this.allows('alias') && this.tape.chance(10)
        ? this.tape.pick(plainOutputs)
        : undefined;
    if (aliased) {
      this.arrays[inputAt] = { ...(this.arrays[inputAt] as ArrayParam), t: aliased.t, alias: aliased.name };
      this.feature('alias');
    }
    for (const a of this.arrays) {
      // A 16-bit array rounds the f32 values it is made of.
      const read = readAs(a.t);
      const values = Array.from({ length: a.role === 'wide' ? LENGTH * widthOf(a.t) : LENGTH }, () =>
        encode(
          a.role === 'output' || a.role === 'wide'
            ? zero(read)
            : a.atomic
              ? this.atomicInitial(read as AtomicType, a.atomic)
              : this.value(read),
        ),
      );
      this.params.push({
        name: a.name,
        kind: 'array',
        type: a.t,
        values,
        ...(a.view ? { view: a.view } : {}),
        ...(a.alias ? { alias: a.alias } : {}),
      });
    }
    // Warp operations come after the first statements; no thread may throw before them (on a
    // GPU the lanes left would wait for one that has exited).
    const warpOperations = this.tape.chance(12) ? 1 + this.tape.next(3) : 0;
    // Now and then compiled with every index checked or at another optimisation level: the
    // results must not change, but for indices out of range that the statements of
    // Memory.outOfRange write, a device exception where JavaScript reads undefined.
    const config = this.tape.chance(20)
      ? { boundsCheck: this.tape.chance(70), optLevel: this.tape.pick([0, 1, 2, 3] as const) }
      : undefined;
    if (config?.boundsCheck) this.feature('config:bounds-check');
    if (config) this.feature(`config:O${config.optLevel}`);
    this.boundsChecked = config?.boundsCheck === true;
    this.throwing = warpOperations === 0;
    // Values captured from the scope, before the device functions: they read the scope's names
    // as the kernel does (docs/language.md "Functions").
    const captures = this.tape.chance(20) ? 1 + this.tape.next(2) : 0;
    for (let k = 0; k < captures; k++)
      if (this.allows('aggregate') && this.tape.chance(25))
        this.captured.push(this.aggregateValue(`K${k}`, 'captured'));
      else this.capture(`K${k}`);
    if (this.tape.chance(25)) this.helper();
    if (this.tape.chance(20)) this.helper();
    for (let k = 0; k < scalars; k++) {
      const t = this.tape.pick(this.allowed(['i32', 'f64', 'bool', 'f32', 'u32', 'i64', 'i16'] as const));
      const value = t === 'bool' ? this.tape.chance(50) : this.value(t);
      const name = `s${k}`;
      this.params.push({ name, kind: 'scalar', type: t, value: encode(value) });
      this.vars.push({ name, t, mutable: false });
    }
    // Records and tuples as arguments (after the device functions, which do not see them).
    if (this.allows('aggregate') && this.tape.chance(10))
      this.params.push(this.aggregateValue('R0', 'parameter'));

    // The thread's own element: of its linear number in the grid, of 2 x 1 blocks or now and
    // then of 1 x 2 (`FuzzCase.tall`).
    const tall = this.tape.chance(10);
    if (tall) this.feature('grid:1x2');
    const block = tall ? '(gpu.blockIdx.y * gpu.gridDim.x + gpu.blockIdx.x)' : 'gpu.blockIdx.x';
    const body: string[] = [
      plain(
        this.cube
          ? `const i = ${block} * (gpu.blockDim.x * gpu.blockDim.y * gpu.blockDim.z) + ${this.tid};`
          : this.square
            ? `const i = ${block} * gpu.blockDim.x * gpu.blockDim.y + ${this.tid};`
            : tall
              ? 'const i = gpu.globalIdx.y * gpu.blockDim.x + gpu.globalIdx.x;'
              : 'const i = gpu.globalIdx.x;',
      ),
    ];
    const barrier = this.tape.chance(15);
    const sharedAtomics = this.tape.chance(10);
    // A reduction or a scan of the block in shared memory, with barriers in a loop.
    const blockReduction = this.tape.chance(10);
    // A thread may return early only where no barrier or warp operation follows, which every
    // thread of the block (or warp) must reach.
    this.returning = warpOperations === 0 && !barrier && !sharedAtomics && !blockReduction;
    // Now and then a large kernel: statements nested a level deeper, twice as many.
    const large = this.tape.chance(8);
    if (large) {
      this.maxStatements = 80;
      this.feature('large');
    }
    // Now and then a device function that reaches itself, called first: refused (`recursion`).
    const recursive = this.tape.chance(3);
    if (recursive) body.push(...this.recursion());
    // Or another construct the language rejects (a local Uint8ClampedArray, `for-of`, a constant
    // index past a local array...), refused with its code; JavaScript runs it.
    const refused = recursive || !this.tape.chance(4) ? undefined : this.refused();
    if (refused) body.push(...refused.lines);
    body.push(...this.sequence(large ? 3 : 2, large ? 10 : 5));
    // Every atomic array gets an atomic from every thread; more may come in any statement.
    for (const a of this.arrays) if (a.atomic) body.push(...this.atomic(a));
    // Warp operations at the kernel's top level: every thread of the warp (the block) reaches them.
    if (warpOperations > 0) {
      for (let k = 0; k < warpOperations; k++) body.push(...this.warpOperation());
      this.throwing = true;
      this.returning = !barrier && !sharedAtomics && !blockReduction;
      body.push(...this.sequence(1, 3));
    }
    let sharedBytes = 0;
    if (sharedAtomics) body.push(...this.sharedAtomics());
    if (blockReduction) body.push(...this.blockReduction());
    const copied =
      barrier && this.allows('copy-async') && this.tape.chance(30) ? this.copySource() : undefined;
    if (copied) {
      // The shared array filled from a table by asynchronous copies of 16 bytes (docs/language.md
      // "Asynchronous copies"): waited for, then a barrier, before any thread reads it.
      const name = this.fresh('sh');
      const t = copied.t as Exclude<Ty, 'bool'>;
      const per = 16 / (widthOf(t) === 2 ? 8 : 4);
      const from = this.expr('i32', 2);
      this.feature(`copy-async:${t}`);
      body.push(
        plain(`const ${name} = gpu.sharedArray(${ARRAY_OF[t]}, ${BLOCK});`),
        line(
          `if (${this.tid} < ${BLOCK / per}) gpu.copyAsync(${name}, ${per} * ${this.tid}, ${copied.name}, ${per} * (`,
          from,
          ` & ${LENGTH / per - 1}));`,
        ),
        plain('gpu.copyAsyncCommit();'),
        // Waiting for all groups, or for all but the newest after an empty one.
        ...(this.tape.chance(50)
          ? [plain('gpu.copyAsyncCommit();'), plain('gpu.copyAsyncWait(1);')]
          : [plain('gpu.copyAsyncWait(0);')]),
        plain(this.barrierCall()),
      );
      this.shared.push({ name, t, length: BLOCK });
      if (this.tape.chance(20)) body.push(...this.sharedInFunction());
      this.returning = true;
      body.push(...this.sequence(1, 3));
    } else if (barrier) {
      // Mostly of a type a device function's table parameter takes, where there is one.
      const wanted = this.helpers.flatMap((h) =>
        h.params.flatMap((p) => (typeof p !== 'string' && 'table' in p ? [p.table] : [])),
      );
      const t =
        wanted.length > 0 && this.tape.chance(60)
          ? this.tape.pick(wanted)
          : this.tape.pick(
              this.allowed([
                'f64',
                'i32',
                'f32',
                'u32',
                'i64',
                'u8',
                'i16',
                'u64',
                'i8',
                'u16',
                'f16',
                'bf16',
              ] as const),
            );
      const name = this.fresh('sh');
      const e = this.expr(this.storedType(t), 3);
      this.feature('barrier');
      this.feature(`shared-array:${t}`);
      // Or the block's dynamic shared memory: 64 bytes, 8 elements of 64 bits, 16 of 32.
      const dynamic = this.tape.chance(30);
      if (dynamic) this.feature('dynamic-shared');
      body.push(
        plain(
          dynamic
            ? `const ${name} = gpu.dynamicSharedArray(${constructorOf(t)});`
            : `const ${name} = gpu.sharedArray(${constructorOf(t)}, ${BLOCK});`,
        ),
        line(`${name}[`, this.sharedSlot(), '] = ', e, ';'),
        plain(this.barrierCall()),
      );
      if (dynamic) sharedBytes = DYNAMIC_SHARED_BYTES;
      const uniform = this.vars.filter((v) => /^[sK]\d+$/.test(v.name) && (v.t === 'i32' || v.t === 'f64'));
      if (uniform.length > 0 && this.tape.chance(20)) {
        // More barriers, as many as a value every thread computes alike says (0 to 3).
        const round = this.fresh('j');
        this.feature('barrier:uniform-loop');
        body.push(
          plain(`for (let ${round} = 0; ${round} < (${this.tape.pick(uniform).name} & 3); ${round}++) {`),
          plain('gpu.barrier();'),
          plain('}'),
        );
      }
      this.shared.push({ name, t, length: BLOCK });
      if (this.tape.chance(20)) body.push(...this.sharedInFunction());
      this.returning = true;
      body.push(...this.sequence(1, 3));
    }
    // A device function reading the shared array (now no thread writes it), now and then.
    if (this.shared.length > 0 && this.arrayTakers().length > 0 && this.tape.chance(50))
      body.push(...this.arrayCall());
    for (const a of this.arrays) if (a.role === 'wide') body.push(...this.vectorStore(a));
    const tolerance: Record<number, Tolerance> = {};
    const shown = this.collectiveResults.length > 0 ? this.tape.pick(this.collectiveResults) : undefined;
    this.arrays.forEach((a, k) => {
      if (a.role !== 'output') return;
      let e: Expr;
      const want = readAs(a.t);
      if (k === 0 && shown) {
        // The first output stores a warp operation's or shared atomics' result.
        const v = same(shown.name, shown.t);
        e = v.t === want ? v : this.coerce(v, isNarrow(want) ? 'i32' : want);
        body.push(ownStore(a, e));
        return;
      }
      // Math functions at the root stay off 16-bit outputs: their tolerance is in f32 or f64 ulps.
      if (!isHalf(a.t) && isFloat(a.t) && this.allows('transcendental') && this.tape.chance(15)) {
        const t = this.tape.pick(['f64', 'f32'] as const);
        e = this.transcendental(t, 2);
        // f32 Math functions and stores of f64 results into f32 arrays count in f32 ulps.
        const precision = t === 'f32' || a.t === 'f32' ? 'f32' : 'f64';
        tolerance[k] = { ulps: precision === 'f32' ? 4 : 2, precision };
      } else if (!isHalf(a.t) && isBigInt(a.t)) {
        e = this.expr(a.t, 1 + this.tape.next(4));
      } else {
        const t = this.tape.weighted<Ty>(
          this.weights([
            [4, readAs(a.t)],
            [3, 'f64'],
            [3, 'i32'],
            [2, 'f32'],
            [1, 'u32'],
            [1, 'bool'],
          ]),
        );
        e = this.expr(isNarrow(t) && t !== a.t ? 'i32' : t, 1 + this.tape.next(4));
      }
      body.push(ownStore(a, e));
    });
    if (!this.features.has('return:kernel') && this.allows('kernel-value') && this.tape.chance(8)) {
      // A value returned from the kernel, which JavaScript's caller (and a launch) ignores (not
      // beside a plain `return;`: gpuc refuses a function that returns a value on some paths only).
      this.feature('return:kernel-value');
      body.push(line('return ', this.expr(this.anyType(), 2), ';'));
    }
    const names = this.params.map((p) => p.name);
    const [js, em, fu] = texts(body);
    // Now and then the kernel is an arrow function or a function expression (not where plain
    // JavaScript runs it as a generator, which needs the declaration).
    const form =
      barrier || sharedAtomics || blockReduction || this.warp
        ? 'declaration'
        : this.tape.weighted([
            [8, 'declaration'] as const,
            [1, 'arrow'] as const,
            [1, 'expression'] as const,
          ]);
    if (form !== 'declaration') this.feature(`kernel:${form}`);
    const list = names.join(', ');
    const head = {
      declaration: `function k(${list})`,
      arrow: `(${list}) =>`,
      expression: `function (${list})`,
    }[form];
    const wrap = (text: string) => `${head} {\n${text}\n}`;
    return {
      source: wrap(js),
      emulated: wrap(em),
      ...(this.fused ? { fused: wrap(fu) } : {}),
      helpers: this.helpers.map(({ name, source, emulated, fused, collective, through }) => ({
        name,
        source,
        emulated,
        fused,
        ...(collective ? { collective } : {}),
        ...(through ? { through } : {}),
      })),
      params: this.params,
      ...(this.captured.length > 0 ? { captured: this.captured } : {}),
      tolerance,
      barrier: barrier || sharedAtomics || blockReduction,
      ...(this.warp ? { warp: true } : {}),
      ...(this.square ? { square: true } : {}),
      ...(this.cube ? { cube: true } : {}),
      ...(tall ? { tall: true } : {}),
      ...(sharedBytes > 0 ? { sharedBytes } : {}),
      ...(config ? { config } : {}),
      ...(recursive ? { refusal: 'recursion' } : refused ? { refusal: refused.code } : {}),
      features: [...this.features].sort(),
    };
  }
}

/** The kernel a choice tape describes, with what the profile allows (the whole language by default). */
export function generate(choices: readonly number[], profile: ProfileName = 'default'): FuzzCase {
  return new Generator(new Tape(choices), PROFILES[profile]).kernel();
}
