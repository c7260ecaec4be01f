// Errors as a new user meets them: kernels refused with a located frame wherever the function
// came from, and launches refused with a code naming what is wrong (docs/language.md, "Where
// kernels come from" and "Launches"), never an internal TypeError.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileFile } from '../../src/cli/compile.js';
import { fileFunctions } from '../../src/frontend/file-functions.js';
import {
  CompileError,
  compileNative,
  defaultCompiler,
  gpu,
  LaunchError,
  launchNative,
  map,
  runReference,
  sum,
} from '../../src/index.js';

/** The error `run` throws (failing the test when it throws none). */
function thrown(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('nothing was thrown');
}

const index = fileURLToPath(new URL('../../src/index.ts', import.meta.url));

/**
 * Runs a module written with `lines` joined by `newline` in plain Node (its text as V8 runs it is
 * the file's), and returns what it printed last as JSON.
 */
function runModule(
  lines: string[],
  newline: string,
): Record<string, { line: number; column: number; caret: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'gpuc-located-'));
  try {
    const file = join(dir, 'kernels.mjs');
    writeFileSync(file, lines.join(newline));
    const run = spawnSync(process.execPath, ['--conditions=source', '--import', 'tsx', file], {
      encoding: 'utf8',
      env: { ...process.env, GPUC_CACHE: 'off' },
    });
    expect(run.stderr).not.toMatch(/TypeError|ReferenceError/);
    return JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('kernels refused at their line, wherever the function came from', () => {
  const module = [
    `import { launchNative } from ${JSON.stringify(index)};`,
    "const s = '😀é'; const first = (x) => { x[0] = tt; }; const second = (x) => { x[0] = tt; };",
    'function outer() {',
    '\tconst note = `a',
    '`;',
    "\treturn function inner(x) { const t = '€'.length; x[0] = t + qq;",
    '\t};',
    '}',
    'const methods = { kern(x) { x[0] = mm; } };',
    'const seen = {};',
    'for (const [name, kernel] of Object.entries({ first, second, inner: outer(), method: methods.kern })) {',
    '  try {',
    '    launchNative(kernel, { grid: 1, block: 1 }, new Float32Array(1));',
    '  } catch (error) {',
    "    const [, marked, caret] = error.frame.split('\\n');",
    '    seen[name] = { ...error.location, marked, caret };',
    '  }',
    '}',
    'console.log(JSON.stringify(seen));',
  ];

  for (const [ending, newline] of [
    ['LF', '\n'],
    ['CRLF', '\r\n'],
  ] as const) {
    it(`of twins, nested, after a template, past tabs and non-ASCII text, in a method (${ending})`, () => {
      const seen = runModule(module, newline);
      expect(seen.first).toMatchObject({ line: 2, column: 48 });
      // Of two functions with the same text, the one launched: found by its position.
      expect(seen.second).toMatchObject({ line: 2, column: 86 });
      expect(seen.second?.caret).toBe(`    | ${' '.repeat(85)}^^`);
      expect(seen.inner).toMatchObject({ line: 6, column: 62 });
      expect(seen.method).toMatchObject({ line: 9, column: 36 });
      expect(seen.method?.caret).toBe(`     | ${' '.repeat(35)}^^`);
    }, 60_000);
  }
});

describe('kernels refused with a code, a location and a frame', () => {
  const k = (x: Float32Array) => {
    x[0] = 1;
  };
  /** A kernel of one parameter `x` given as text, its body `body`. */
  const text = (body: string) => ({ text: `function k(x) {\n  ${body}\n}`, file: 'refused.js' });
  const refusals: [string, unknown, string, RegExp][] = [
    ['an async function', async (x: Float32Array) => x, 'unsupported', /cannot be async/],
    ['a class', class Model {}, 'unsupported', /is a class/],
    ['a bound function', k.bind(null), 'unsupported', /bound function/],
    ['a built-in function', Math.max, 'unsupported', /built-in function/],
    ['a number', 42, 'unsupported', /no function/],
    ['undefined', undefined, 'unsupported', /no function/],
    ['new Function', new Function('x', 'x[0] = yy;'), 'unknown-name', /'yy' is not defined/],
    ['try/catch', text('try { x[0] = 1; } catch { x[0] = 2; }'), 'unsupported', /try\/catch/],
    ['for-of', text('for (const v of x) x[0] += v;'), 'unsupported', /for-of/],
    ['for-in', text('for (const v in x) x[0] += 1;'), 'unsupported', /for-in/],
    ['this', text('x[0] = this.a;'), 'unsupported', /'this'/],
    ['arguments', text('x[0] = arguments.length;'), 'unsupported', /'arguments'/],
    ['delete', text('delete x[0];'), 'unsupported', /delete/],
    ['typeof', text("x[0] = typeof x === 'object' ? 1 : 0;"), 'unsupported', /typeof/],
    ['a regular expression', text("x[0] = /a/.test('a') ? 1 : 0;"), 'unsupported', /regular expressions/],
    ['spread arguments', text('x[0] = Math.max(...[1, 2]);'), 'unsupported', /spread/],
    ['a closure', text('const f = () => 1; x[0] = f();'), 'unsupported', /functions cannot be created/],
    ['a dynamic throw', text("throw new Error('v' + x[0]);"), 'unsupported', /constant message/],
    ['a thrown string', text("throw 'x';"), 'unsupported', /constant message/],
    ['an unknown array member', text('x[0] = x.foo();'), 'unknown-member', /no member 'foo'/],
    ['an unknown Math member', text('x[0] = Math.foo(1);'), 'unknown-name', /Math has no member 'foo'/],
    ['an unknown gpu member', text('x[0] = gpu.shared(4);'), 'unknown-name', /gpu has no member 'shared'/],
    [
      'a record assigned',
      text('const o = { a: 1 }; o.a = 2; x[0] = o.a;'),
      'invalid-assignment',
      /immutable/,
    ],
    ['a string stored', text("x[0] = 'a';"), 'type-mismatch', /string/],
    ['optional chaining', text('x[0] = x?.[0];'), 'unsupported', /optional chaining/],
    ['printf without a format', text('console.log(x[0]);'), 'unsupported', /format string/],
  ];
  for (const [what, kernel, code, message] of refusals)
    it(`refuses ${what}`, () => {
      const error = thrown(() =>
        launchNative(kernel as (x: Float32Array) => void, { grid: 1, block: 1 }, new Float32Array(1)),
      );
      expect(error).toBeInstanceOf(CompileError);
      const refused = error as CompileError;
      expect(refused.code).toBe(code);
      expect(refused.message).toMatch(message);
      expect(refused.location.line).toBeGreaterThan(0);
      expect(refused.location.column).toBeGreaterThan(0);
      // The frame marks the line it names, with a caret.
      expect(refused.frame).toMatch(new RegExp(`^> +${refused.location.line} \\|`, 'm'));
      expect(refused.frame).toMatch(/\^/);
    });
});

describe('launches refused with a code naming what is wrong', () => {
  const fill = (x: Float32Array, n: number) => {
    const i = gpu.globalIdx.x;
    if (i < n) x[i] = i + 1;
  };
  const one = { grid: 1, block: 4 };

  it('name an unnamed kernel as its compiled kernel is named, not by its file', () => {
    const launched = thrown(() =>
      (launchNative as (...a: unknown[]) => void)(
        (x: Float32Array, n: number) => x[n],
        one,
        new Float32Array(1),
      ),
    );
    expect(launched.message).toBe(
      "gpuc: anonymous takes 2 argument(s), not 1: argument 2 ('n') is missing [bad-argument]",
    );
    const typed = thrown(() =>
      (launchNative as (...a: unknown[]) => void)((x: Float32Array) => x[0], one, 'text'),
    );
    expect(typed.message).toMatch(/^gpuc: anonymous's argument 1 \('x'\) is the string "text"/);
  });

  it('refuse a scope that is no object, compiled or launched, as a bad-launch', () => {
    for (const run of [
      () => compileNative(fill, ['f32[]', 'i32'], { scope: 5 as never }),
      () => launchNative(fill, { ...one, scope: 'names' as never }, new Float32Array(4), 4),
      () => runReference(fill, { ...one, scope: 7 as never }, [new Float32Array(4), 4]),
    ]) {
      const error = thrown(run);
      expect(error).toBeInstanceOf(LaunchError);
      expect(error.message).toMatch(
        /^gpuc: a kernel's scope is an object of the names the kernel reads, not/,
      );
    }
  });

  it("show a launch object given as a compiled kernel's grid by its keys", () => {
    const kernel = compileNative(fill, ['f32[]', 'i32']);
    const error = thrown(() => kernel.launch(one as never, 4, [new Float32Array(4), 4]));
    expect(error.message).toBe(
      'gpuc: the grid is a positive integer or an array of one to three, not an object ({ grid, block }) [bad-launch]',
    );
  });

  it('say that a launch with a misspelt key has no grid or no block', () => {
    const error = thrown(() => launchNative(fill, { grid: 1, blocks: 4 } as never, new Float32Array(4), 4));
    expect(error.message).toBe(
      'gpuc: the launch gives no block: a launch is { grid, block } or { size } [bad-launch]',
    );
  });

  it('refuse each bad argument of a compiled kernel, naming the parameter', () => {
    const kernel = compileNative(fill, ['f32[]', 'i32']);
    const detached = new Float32Array(4);
    structuredClone(detached.buffer, { transfer: [detached.buffer] });
    const bad: [unknown[], number | undefined, RegExp][] = [
      [[new Float32Array(4), 1.5], 1, /must be i32, not number 1\.5/],
      [[new Float32Array(4), Number.NaN], 1, /not number NaN/],
      [[new Float32Array(4), Number.POSITIVE_INFINITY], 1, /not number Infinity/],
      [[new Float32Array(4), 2 ** 32], 1, /does not fit i32/],
      [[new Float32Array(4), 1n], 1, /not the bigint 1n/],
      [[new Float32Array(4), '4'], 1, /must be i32/],
      [[new Float32Array(4), new Float32Array(1)], 1, /not a Float32Array/],
      [[new Int32Array(4), 4], 0, /must be f32\[\], not an Int32Array/],
      [[new Float64Array(4), 4], 0, /not a Float64Array/],
      [[3, 4], 0, /not number 3/],
      [[detached, 4], 0, /buffer was detached/],
      [[new Float32Array(4)], 1, /argument 2 \('n'\) is missing/],
      [[new Float32Array(4), 4, 5], undefined, /not 3: argument 3 on are extra/],
    ];
    for (const [args, index, message] of bad) {
      const error = thrown(() => kernel.launch(1, 4, args as never));
      expect(error).toBeInstanceOf(LaunchError);
      expect((error as LaunchError).code).toBe('bad-argument');
      expect((error as LaunchError).parameter?.index).toBe(index);
      expect(error.message).toMatch(message);
    }
  });

  it('refuse each bad grid and block, naming which', () => {
    const kernel = compileNative(fill, ['f32[]', 'i32']);
    const args = [new Float32Array(4), 4] as never;
    const bad: [unknown, unknown, RegExp][] = [
      [0, 1, /grid's x extent .* not 0/],
      [-1, 1, /not -1/],
      [1.5, 1, /not 1\.5/],
      [2 ** 31, 1, /not 2147483648/],
      [Number.NaN, 1, /not NaN/],
      ['1', 1, /not "1"/],
      [null, 1, /not null/],
      [[], 1, /not \[\]/],
      [[1, 1, 1, 1], 1, /not \[1, 1, 1, 1\]/],
      [1, 2000, /at most 1024 threads/],
      [1, [1, 0], /block's y extent/],
      [2 ** 30, 4, /globalIdx is a 32-bit signed integer/],
    ];
    for (const [grid, block, message] of bad) {
      const error = thrown(() => kernel.launch(grid as never, block as never, args));
      expect((error as LaunchError).code).toBe('bad-launch');
      expect(error.message).toMatch(message);
    }
  });

  it('run views a launch may give as JavaScript would: shared, offset and empty', () => {
    const shared = new Float32Array(new SharedArrayBuffer(16));
    launchNative(fill, one, shared, 4);
    expect([...shared]).toEqual([1, 2, 3, 4]);
    const whole = new Float32Array(8);
    launchNative(fill, one, whole.subarray(3, 6), 3);
    expect([...whole]).toEqual([0, 0, 0, 1, 2, 3, 0, 0]);
    const empty = new Float32Array(0);
    launchNative(fill, one, empty, 0);
    expect(empty.length).toBe(0);
  });

  it('report a device fault as an Error naming the kernel and its line', () => {
    // Given as text: under vitest a TypeScript file's functions have no file (see the report).
    const outside = { text: 'function outside(x) {\n  x[5] = 1;\n}', file: 'faults.js' };
    const fault = thrown(() =>
      launchNative(outside, { grid: 1, block: 1, config: { boundsCheck: true } }, new Float32Array(1)),
    );
    expect(fault.message).toBe('index out of range (in outside at faults.js:2)');
    const throws = {
      text: "function throws(x) {\n  if (x[0] < 1)\n    throw new Error('below one');\n}",
      file: 'faults.js',
    };
    expect(thrown(() => launchNative(throws, one, new Float32Array(1))).message).toBe(
      'below one (in throws at faults.js:3)',
    );
  });

  it('compile-time errors of a kernel given types of the wrong count or spelling', () => {
    const arity = thrown(() => compileNative(fill, ['f32[]']));
    expect(arity).toBeInstanceOf(CompileError);
    expect((arity as CompileError).code).toBe('arity');
    const unknown = thrown(() => compileNative(fill, ['f32[]', 'int']));
    expect((unknown as LaunchError).parameter).toEqual({ index: 1, name: 'n' });
  });
});

describe("a file's kernels, as the command line finds them", () => {
  /** Writes `text` to a file named `name` in a folder of its own and passes its path to `use`. */
  function withFile<T>(name: string, text: string, use: (file: string) => T): T {
    const dir = mkdtempSync(join(tmpdir(), 'gpuc-file-'));
    try {
      const file = join(dir, name);
      writeFileSync(file, text);
      return use(file);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  it('include an unnamed default export, as `default`, and locate its errors', () => {
    for (const text of [
      'export default (x) => {\n  x[0] = zz;\n};\n',
      'export default function (x) {\n  x[0] = zz;\n}\n',
    ])
      withFile('default.js', text, (file) => {
        expect(fileFunctions(file).map((f) => f.name)).toEqual(['default']);
        const error = thrown(() =>
          compileFile(defaultCompiler(), file, { target: 'native', types: ['f32[]'], emit: 'ir' }),
        );
        expect(error).toMatchObject({ code: 'unknown-name', location: { file, line: 2, column: 10 } });
      });
  });
});

describe('array operations given something other than an array', () => {
  it('say what was given and which back-end takes arrays', () => {
    expect(thrown(() => sum(5 as never)).message).toBe(
      "gpuc: sum's xs: it is number 5, no array the native back-end takes [bad-argument]",
    );
    expect(thrown(() => map((v: number) => v * 2, 'abc' as never)).message).toBe(
      `gpuc: map's input 0: the string "abc" is neither an array the native back-end takes nor a number [bad-argument]`,
    );
  });
});
