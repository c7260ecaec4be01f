/**
 * Device exceptions through the status buffer: a `throw`, and under `boundsCheck` an array index
 * out of range. The first thread to throw owns the status words and writes its site and itself
 * into them (the host raises the exception after the launch); the thread then leaves.
 */
import type { IRInstruction, Span } from '@gpuc/core/compiler';
import type { ArrayName, WriterContext } from './context.js';
import { need } from './helpers.js';

/**
 * The statements, on one line, by which a thread reports a device exception of `message` at
 * `span` (the first to report owns the status words); it goes on running.
 */
export function report(c: WriterContext, message: string, span: Span): string {
  const source = span.source ?? c.fn.source;
  const { line } = source.locate(span.start);
  const site = c.parts.sites.push({ message, function: c.fn.name, file: source.file, line });
  need(c.parts.helpers, 'gpuc_linear');
  const block = `vec3u(${c.block.join('u, ')}u)`;
  return [
    'loop {',
    'let r = atomicCompareExchangeWeak(&status[0], 0u, 1u);',
    `if (r.exchanged) { atomicStore(&status[1], ${site}u); atomicStore(&status[2], gpuc_linear(wid, nwg)); atomicStore(&status[3], gpuc_linear(lid, ${block})); break; }`,
    'if (r.old_value != 0u) { break; }',
    '}',
  ].join(' ');
}

/** The statements of a throw of `message` at `span`, on one line: reported, then the thread leaves. */
function thrown(c: WriterContext, message: string, span: Span): string {
  c.markThrows();
  return `${report(c, message, span)} ${c.leave()}`;
}

/** A device exception of `message` at `span` where a WGSL condition holds (JavaScript's own throws). */
export function throwIf(c: WriterContext, condition: string, message: string, span: Span): void {
  c.emit(`if (${condition}) { ${thrown(c, message, span)} }`);
}

/** `throw new Error(message)`. */
export function throwAt(c: WriterContext, message: string, span: Span): void {
  c.emit(thrown(c, message, span));
}

/**
 * An array element's WGSL (`name[index]`); under `boundsCheck`, after a statement that throws
 * `index out of range` where the index is not below the array's length. (Unchecked, WebGPU
 * keeps an access inside the array's buffer, but not necessarily at its index.)
 */
export function element(c: WriterContext, array: ArrayName, index: IRInstruction, span: Span): string {
  const at = c.value(index);
  if (c.parts.boundsCheck) {
    const type = c.scalar(index.type, span);
    const unsigned = type === 'u32' ? at : `bitcast<u32>(${at})`;
    c.emit(`if (${unsigned} >= u32(${array.length})) { ${thrown(c, 'index out of range', span)} }`);
  }
  return `${array.name}[${at}]`;
}
