/**
 * The IR printer: the equivalent of Julia's `code_typed`, one instruction a line.
 *
 *   function saxpy(%0 a: f32, %1 x: f32[], ...) :: void
 *   entry:
 *     %5 = compare < %4, %3 :: bool
 *     branch %5, if.then#1, if.end#2
 */
import type { Block, Instruction, IRFunction, Terminator } from './ir.js';
import { show } from './types.js';

const blockName = (block: Block) => `${block.label}#${block.id}`;
const value = (inst: Instruction) => `%${inst.id}`;

function describe(inst: Instruction): string {
  const args = inst.args.map(value).join(', ');
  switch (inst.op) {
    case 'const':
      return `const ${typeof inst.value === 'string' ? JSON.stringify(inst.value) : typeof inst.value === 'bigint' ? `${inst.value}n` : String(inst.value)}`;
    case 'undef':
      return 'undef';
    case 'param':
      return `param ${inst.index} ${inst.name}`;
    case 'global':
      return `global ${inst.name}`;
    case 'unary':
    case 'binary':
    case 'compare':
      return `${inst.op} ${inst.operator} ${args}`;
    case 'call': {
      const target =
        inst.target?.kind === 'function'
          ? ` -> ${inst.target.specialization.key}`
          : inst.target
            ? ' (intrinsic)'
            : '';
      return `call ${inst.name}(${args})${target}`;
    }
    case 'field':
      return `field ${args}.${inst.name}`;
    case 'record':
      return `record {${inst.names.map((n, i) => `${n}: ${value(inst.args[i] as Instruction)}`).join(', ')}}`;
    case 'newarray':
      return `newarray ${inst.element}[${inst.length}]`;
    case 'print':
      return `print ${JSON.stringify(inst.format)}${args ? `, ${args}` : ''}`;
    case 'phi':
      return `phi ${inst.args.map((arg, i) => `[${value(arg)}, ${blockName(inst.blocks[i] as Block)}]`).join(', ')}`;
    default:
      return `${inst.op} ${args}`;
  }
}

function terminator(t: Terminator | undefined): string {
  switch (t?.kind) {
    case 'jump':
      return `jump ${blockName(t.target)}`;
    case 'branch':
      return `branch ${value(t.condition)}, ${blockName(t.ifTrue)}, ${blockName(t.ifFalse)}`;
    case 'return':
      return t.value ? `return ${value(t.value)}` : 'return';
    case 'throw':
      return `throw ${JSON.stringify(t.message)}`;
    case 'unreachable':
      return 'unreachable';
    default:
      return '<no terminator>';
  }
}

/** The function as text, with types where inference has set them. */
export function printFunction(fn: IRFunction): string {
  const typed = (inst: Instruction) => (inst.type ? ` :: ${show(inst.type)}` : '');
  const params = fn.params.map((p) => `${value(p)} ${p.op === 'param' ? p.name : ''}${inst(p)}`).join(', ');
  function inst(p: Instruction) {
    return p.type ? `: ${show(p.type)}` : '';
  }
  const lines = [`function ${fn.name}(${params})${fn.returnType ? ` :: ${show(fn.returnType)}` : ''}`];
  for (const block of fn.blocks) {
    lines.push(`${blockName(block)}:`);
    for (const i of [...block.phis, ...block.body]) {
      if (i.op === 'param') continue;
      const shown = describe(i);
      lines.push(`  ${i.op === 'store' || i.op === 'print' ? '' : `${value(i)} = `}${shown}${typed(i)}`);
    }
    lines.push(`  ${terminator(block.terminator)}`);
  }
  return lines.join('\n');
}
