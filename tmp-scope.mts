import { launchNative, runReference } from './packages/core/src/index.ts';
const s = new Function('return function s(v){return v*FACTOR}')();
const FACTOR = 3;
function t(v: number) { return v * FACTOR; }
const cases: [string, unknown, Record<string, unknown>, unknown[]][] = [
  ['text kernel, new Function s', { text: 'function k(x) { x[0] = s(x[0]); }', file: 'k.js' }, { FACTOR: 2.5, s }, []],
  ['fn kernel, closure t differs', function k(x: Float64Array) { x[0] = t(x[0] as number); }, { FACTOR: 2.5, t }, []],
  ['record', { text: 'function k(x) { x[0] = ops.f(x[0]); }', file: 'k.js' }, { FACTOR: 2.5, ops: { f: t } }, []],
  ['arg', { text: 'function k(x, g) { x[0] = g(x[0]); }', file: 'k.js' }, { FACTOR: 2.5 }, [t]],
];
for (const [name, kernel, scope, extra] of cases) {
  const out: string[] = [];
  for (const run of ['native', 'reference']) {
    const x = new Float64Array([2]);
    try {
      if (run === 'native') launchNative(kernel as never, { grid: 1, block: 1, scope } as never, x, ...extra as never[]);
      else runReference(kernel as never, { grid: 1, block: 1, scope }, [x, ...extra]);
      out.push(`${run}=${x[0]}`);
    } catch (e) { out.push(`${run}: ${(e as Error).message.split('\n')[0]}`); }
  }
  console.log(name, '|', out.join(' | '));
}
