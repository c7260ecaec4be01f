/**
 * Derivative IR as JavaScript, for kernels the reference runner runs: the control-flow graph
 * becomes a loop over a block number, phis assignments on the edges. Values follow
 * JavaScript's semantics (the reference runner's), conversions the typed-array store rules.
 */

import { gpu } from '@gpuc/core';
import {
  convertValue,
  type IRBlock,
  type IRFunction,
  type IRInstruction,
  type IRTerminator,
  indexValue,
  SCALAR_NAMES,
  scalarType,
} from '@gpuc/core/compiler';
import { type KernelType, TYPED_ARRAYS } from '@gpuc/core/host';

type Inst = IRInstruction;

const ARRAYS: Record<string, string> = {
  ...Object.fromEntries(Object.entries(TYPED_ARRAYS).map(([name, element]) => [element, name])),
  bool: 'Uint8Array',
};

/** Calls by name that are plain JavaScript. */
const GLOBAL_CALL = /^(Math|Number)\.[A-Za-z0-9]+$/;

/** Resolves a call by name that is not an intrinsic (a derivative rule, say) to a function. */
export type Resolver = (name: string) => (...args: unknown[]) => unknown;

/** Compiles derivative IR to a JavaScript function of its parameters. */
export function toJavaScript(
  fn: IRFunction,
  scope: Readonly<Record<string, unknown>>,
  resolve: Resolver,
): (...args: unknown[]) => unknown {
  const constants: unknown[] = [];
  const constant = (value: unknown) => {
    let i = constants.indexOf(value);
    if (i < 0) i = constants.push(value) - 1;
    return `k[${i}]`;
  };
  const name = (inst: Inst) => `v${inst.id}`;
  const blockIndex = new Map(fn.blocks.map((b, i) => [b, i]));
  const lines: string[] = [];
  const values = fn.blocks.flatMap((b) => [...b.phis, ...b.body]).filter((i) => i.op !== 'param');
  if (values.length > 0) lines.push(`let ${values.map(name).join(', ')};`);
  lines.push('let bb = 0;', 'for (;;) switch (bb) {');
  const edge = (from: IRBlock, to: IRBlock) => {
    const phis = to.phis.filter((p) => p.op === 'phi');
    const moves = phis.map((p) => {
      const arg = p.op === 'phi' ? p.args[p.blocks.indexOf(from)] : undefined;
      return arg ? name(arg) : 'undefined';
    });
    const parallel =
      phis.length > 0
        ? `{ const t = [${moves.join(', ')}]; ${phis.map((p, i) => `${name(p)} = t[${i}];`).join(' ')} } `
        : '';
    return `${parallel}bb = ${blockIndex.get(to)}; continue;`;
  };
  for (const block of fn.blocks) {
    lines.push(`case ${blockIndex.get(block)}: {`);
    for (const inst of block.body) {
      if (inst.op === 'param') continue;
      const code = expression(inst, constant, resolve);
      lines.push(inst.op === 'store' ? `${code};` : `${name(inst)} = ${code};`);
    }
    lines.push(terminator(block, block.terminator, edge), '}');
  }
  lines.push('}');
  const params = fn.params.map(name);
  const factory = new Function(
    'k',
    'cv',
    'ix',
    'gpu',
    'scope',
    `return function (${params.join(', ')}) {\n${lines.join('\n')}\n};`,
  );
  return factory(constants, convertValue, indexValue, gpu, scope) as (...args: unknown[]) => unknown;
}

function terminator(
  block: IRBlock,
  t: IRTerminator | undefined,
  edge: (from: IRBlock, to: IRBlock) => string,
): string {
  switch (t?.kind) {
    case 'jump':
      return edge(block, t.target);
    case 'branch':
      return `if (v${t.condition.id}) { ${edge(block, t.ifTrue)} } else { ${edge(block, t.ifFalse)} }`;
    case 'return':
      return t.value ? `return v${t.value.id};` : 'return;';
    case 'throw':
      return `throw new Error(${JSON.stringify(t.message)});`;
    default:
      return "throw new Error('gpuc: unreachable code ran');";
  }
}

function literal(value: number | bigint | boolean | string): string {
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'number' && Object.is(value, -0)) return '-0';
  if (typeof value === 'number' && !Number.isFinite(value))
    return Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
  return JSON.stringify(value);
}

function expression(inst: Inst, constant: (value: unknown) => string, resolve: Resolver): string {
  const a = inst.args.map((arg) => `v${arg.id}`);
  switch (inst.op) {
    case 'const':
      return literal(inst.value);
    case 'global':
      return `scope[${JSON.stringify(inst.name)}]`;
    case 'unary':
      return `${inst.operator}${a[0]}`;
    case 'binary':
      return `${a[0]} ${inst.operator} ${a[1]}`;
    case 'compare':
      return `${a[0]} ${inst.operator === '==' ? '===' : inst.operator === '!=' ? '!==' : inst.operator} ${a[1]}`;
    case 'truthy':
      return `!!${a[0]}`;
    case 'convert':
      return inst.index ? `ix(${a[0]})` : `cv(${a[0]}, ${constant(inst.to ?? inst.type)})`;
    case 'index':
      return `${a[0]}[${a[1]}]`;
    case 'store':
      return `${a[0]}[${a[1]}] = ${a[2]}`;
    case 'length':
      return `${a[0]}.length`;
    case 'field':
      return `${a[0]}[${JSON.stringify(inst.name)}]`;
    case 'record':
      return `({ ${inst.names.map((n, i) => `${JSON.stringify(n)}: ${a[i]}`).join(', ')} })`;
    case 'tuple':
      return `[${a.join(', ')}]`;
    case 'newarray':
      return `new ${ARRAYS[inst.element]}(${inst.length})`;
    case 'print':
      return `console.log(${a.join(', ')})`;
    case 'callvalue':
      return `${a[0]}(${a.slice(1).join(', ')})`;
    case 'call':
      return call(inst, a, constant, resolve);
    default:
      throw new Error(`gpuc: no JavaScript for ${inst.op}`);
  }
}

function call(
  inst: Inst & { op: 'call' },
  a: string[],
  constant: (value: unknown) => string,
  resolve: Resolver,
): string {
  const { name } = inst;
  if (name.startsWith('gpu.')) return inst.property ? name : `${name}(${a.join(', ')})`;
  if (GLOBAL_CALL.test(name)) return `${name}(${a.join(', ')})`;
  if (name === 'Number' || name === 'BigInt') return `${name}(${a[0]})`;
  if ((SCALAR_NAMES as readonly string[]).includes(name))
    return `cv(${a[0]}, ${constant(scalarType(name as never) as KernelType)})`;
  if (name === '.get' || name === '.set') return `${a[0]}${name}(${a.slice(1).join(', ')})`;
  return `${constant(resolve(name))}(${a.join(', ')})`;
}
