/**
 * Kernel sources: the text of a kernel or device function, where it sits in its file, and code
 * frames for errors.
 *
 * A JavaScript function gives its text through `Function.prototype.toString`. Its file and
 * position come from the stack of the call that handed it to gpuc: the file is read and the text
 * searched for, so that errors name the real `file:line:col`. Where a tool transformed the file in
 * memory (tsx) and left a source map, positions map through it to the file. When that fails
 * (code built at run time, minified bundles) positions are relative to the function, in a file
 * named after it.
 */
import { readFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { fileURLToPath } from 'node:url';
import { codeFrameColumns } from '@babel/code-frame';
import { kernelCache } from '../support/cache-limits.js';
import { CompileError, ErrorCode, type SourceLocation } from './errors.js';
import { occurrenceIn, type ScriptLocation, type SourceMapping, sourceMapping } from './source-map.js';
import { describeInMessage } from './values.js';

export class KernelSource {
  private readonly lineStarts: number[];

  /**
   * @param text the function's source text
   * @param file the file it came from (or a descriptive name)
   * @param fileText the whole file, when known, for code frames with context
   * @param offset where `text` starts within `fileText`
   * @param name the name of a function its text does not name (an arrow function assigned to a
   *   `const`, as JavaScript's `fn.name` gives it)
   */
  constructor(
    readonly text: string,
    readonly file: string,
    readonly fileText: string = text,
    readonly offset = 0,
    readonly name?: string,
  ) {
    // Lines end as JavaScript's do (and as the code frame splits them).
    this.lineStarts = [
      0,
      ...[...fileText.matchAll(/\r\n?|[\n\u2028\u2029]/g)].map((m) => m.index + m[0].length),
    ];
  }

  /**
   * A key for a place in this text (`start`..`end`): the same in every specialisation of the
   * function, so what belongs to the place (a shared array) is made once.
   */
  site(start: number, end: number): string {
    return `${this.file}\u0000${this.text}\u0000${start}:${end}`;
  }

  /**
   * A distinct source of the same text and places, for IR of its own (a derivative's): errors in
   * it are located as in this one.
   */
  twin(): KernelSource {
    return new KernelSource(this.text, this.file, this.fileText, this.offset, this.name);
  }

  /** The 1-based line and column of an offset into `text`. */
  locate(position: number): SourceLocation {
    const absolute = position + this.offset;
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((this.lineStarts[mid] as number) <= absolute) low = mid;
      else high = mid - 1;
    }
    return { file: this.file, line: low + 1, column: absolute - (this.lineStarts[low] as number) + 1 };
  }

  /**
   * The text of the module the function's text was found in, whose imports name what the
   * function's names stand for; undefined where only the function's text is known.
   */
  get moduleText(): string | undefined {
    return this.fileText === this.text ? undefined : this.fileText;
  }

  /** Where a span that ends at `end` (exclusive) ends. */
  protected locateEnd(end: number): SourceLocation {
    return this.locate(end);
  }

  /** The text code frames show (the whole file, when known). */
  protected get frameText(): string {
    return this.fileText;
  }

  /** A code frame marking the span [start, end) of `text`. */
  frame(start: number, end: number): string {
    const from = this.locate(start);
    let to = this.locateEnd(Math.max(start + 1, end));
    // A mapped span may end before it starts (a tool reordered the code): mark its start.
    if (to.line < from.line || (to.line === from.line && to.column <= from.column))
      to = { ...from, column: from.column + 1 };
    // @babel/code-frame 7 (8 needs Node 22) counts columns from 1, in UTF-16 units as `locate`
    // does; a span's end is exclusive on its first line, inclusive on a later one.
    const endColumn = to.line > from.line ? to.column - 1 : to.column;
    return codeFrameColumns(
      this.frameText,
      { start: { line: from.line, column: from.column }, end: { line: to.line, column: endColumn } },
      { highlightCode: false, linesAbove: 1, linesBelow: 1 },
    );
  }

  /** A CompileError for the span [start, end). */
  error(code: ErrorCode, message: string, start: number, end: number): CompileError {
    return new CompileError(code, message, this.locate(start), this.frame(start, end));
  }
}

/** The sources made from text, the least recently used dropped past the `kernels` cache limit. */
const textSources = kernelCache<KernelSource>();

/**
 * A source given as text with a file name (the CLI, ahead-of-time builds). The same text and
 * file give the same source object while it is among the `kernels` most recently used (see
 * support/cache-limits.ts), so its lowering and specializations are reused.
 */
export function sourceFromText(text: string, file: string): KernelSource {
  const key = `${file}\0${text}`;
  let source = textSources().get(key);
  if (!source) {
    source = new KernelSource(text, file);
    textSources().set(key, source);
  }
  return source;
}

/** Files' texts (null: unreadable), the least recently used dropped past the `kernels` limit. */
const fileCache = kernelCache<{ text: string | null }>();

function readSourceFile(file: string): string | null {
  let read = fileCache().get(file);
  if (!read) {
    try {
      read = { text: readFileSync(file, 'utf8') };
    } catch {
      read = { text: null };
    }
    fileCache().set(file, read);
  }
  return read.text;
}

/** The files on the current stack, innermost first, excluding gpuc's own. */
function callerFiles(): string[] {
  const files: string[] = [];
  for (const line of (new Error().stack ?? '').split('\n').slice(1)) {
    const match = /\(?((?:file:\/\/)?\/[^():]+):\d+:\d+\)?$/.exec(line.trim());
    if (!match?.[1]) continue;
    const file = match[1].startsWith('file://') ? fileURLToPath(match[1]) : match[1];
    if (!file.includes('/packages/core/src/frontend/') && !file.includes('/@gpuc/core/')) files.push(file);
  }
  return files;
}

/**
 * The script that defined a function, from V8 through the inspector protocol (whose in-process
 * session answers synchronously): its URL, its text as V8 runs it, and where in that text the
 * function's parameters start. Undefined when the inspector is unavailable.
 */
function definingScript(fn: (...args: never[]) => unknown): ScriptLocation | undefined {
  const session = new Session();
  const key = '__gpucFunctionToLocate';
  const scripts = new Map<string, string>();
  let found: ScriptLocation | undefined;
  try {
    session.connect();
    session.on('Debugger.scriptParsed', (message) =>
      scripts.set(message.params.scriptId, message.params.url),
    );
    session.post('Debugger.enable');
    (globalThis as Record<string, unknown>)[key] = fn;
    session.post('Runtime.evaluate', { expression: `globalThis.${key}` }, (error, evaluated) => {
      const objectId = evaluated?.result.objectId;
      if (error || !objectId) return;
      session.post('Runtime.getProperties', { objectId }, (failure, properties) => {
        const location = properties?.internalProperties?.find((p) => p.name === '[[FunctionLocation]]')?.value
          ?.value as { scriptId?: string; lineNumber?: number; columnNumber?: number } | undefined;
        const scriptId = location?.scriptId;
        const url = !failure && scriptId ? scripts.get(scriptId) : undefined;
        if (!url || !scriptId) return;
        session.post('Debugger.getScriptSource', { scriptId }, (missing, script) => {
          found = {
            url,
            text: missing ? undefined : script?.scriptSource,
            line: location?.lineNumber ?? 0,
            column: location?.columnNumber ?? 0,
          };
        });
      });
    });
  } catch {
    found = undefined;
  } finally {
    delete (globalThis as Record<string, unknown>)[key];
    session.disconnect();
  }
  return found;
}

const pathOf = (url: string) => (url.startsWith('file://') ? fileURLToPath(url) : url);

/**
 * Why a function's text is no function gpuc can compile: bound and built-in functions have no
 * source text, a class is no function. Undefined for the others.
 */
function withoutSource(fn: (...args: never[]) => unknown, text: string): string | undefined {
  if (/^class\b/.test(text))
    return `${fn.name || 'this'} is a class: a kernel is a function; pass a function, or a method of an instance (model.run)`;
  if (!/\{\s*\[native code\]\s*\}$/.test(text)) return undefined;
  if (fn.name.startsWith('bound ')) {
    const target = fn.name.slice('bound '.length) || 'the function';
    return `${fn.name} is a bound function, which has no source text: pass ${target} itself, with the bound values as arguments or in the scope`;
  }
  return `${fn.name || 'this'} is a built-in function, which has no source text: write a kernel that calls it (Math's functions and typed arrays are known to kernels)`;
}

/**
 * The `unsupported` error for a value given as a kernel (or an array operation's function) that
 * is no function and no source text: plain JavaScript callers reach here unchecked by types.
 */
export function notAKernel(value: unknown): CompileError {
  const text = describeInMessage(value);
  return new KernelSource(text, '<kernel>').error(
    ErrorCode.unsupported,
    `${text} is no function: a kernel is a function, { text, file } or a KernelSource`,
    0,
    text.length,
  );
}

/** The source of a JavaScript function, located in its file when the file can be found. */
export function sourceFromFunction(fn: (...args: never[]) => unknown): KernelSource {
  const text = Function.prototype.toString.call(fn);
  const refused = withoutSource(fn, text);
  if (refused) {
    const source = new KernelSource(text, `<function ${fn.name || 'anonymous'}>`);
    throw source.error(ErrorCode.unsupported, refused, 0, text.length);
  }
  const defining = definingScript(fn);
  const name = /^[A-Za-z_$][\w$]*$/.test(fn.name) ? fn.name : undefined;
  for (const file of [...(defining ? [pathOf(defining.url)] : []), ...callerFiles()]) {
    const fileText = readSourceFile(file);
    // In the file V8 ran, the function V8 locates (of two with the same text, the right one).
    const ran = defining && fileText !== null && fileText === defining.text;
    const offset = ran ? occurrenceIn(fileText, text, defining) : (fileText?.indexOf(text) ?? -1);
    if (fileText && offset >= 0) return new KernelSource(text, file, fileText, offset, name);
  }
  const mapping = defining && sourceMapping(text, defining, readSourceFile);
  if (mapping) return new MappedSource(text, mapping, name);
  // Lines counted in the function's text; the file named where V8 knows it (its text there not
  // found, nor a source map leading back to it).
  const from = defining?.url ? ` in ${pathOf(defining.url)}` : '';
  return new KernelSource(text, `<function ${fn.name || 'anonymous'}${from}>`, text, 0, name);
}

/**
 * A function whose file a tool transformed in memory: its text is the tool's output (so the
 * front end compiles what runs, and reads imports as the transformed text names them), while
 * errors name the original file's lines and show its code.
 */
class MappedSource extends KernelSource {
  constructor(
    text: string,
    private readonly mapping: SourceMapping,
    name: string | undefined,
  ) {
    super(text, mapping.file, text, 0, name);
  }

  override twin(): KernelSource {
    return new MappedSource(this.text, this.mapping, this.name);
  }

  override locate(position: number): SourceLocation {
    return { file: this.file, ...this.mapping.locate(position) };
  }

  protected override get frameText(): string {
    return this.mapping.fileText;
  }

  /** The tool's output: its imports are the ones the function's (transformed) names follow. */
  override get moduleText(): string {
    return this.mapping.scriptText;
  }

  /** Just past the span's last character: what follows it may map elsewhere (a closing brace). */
  protected override locateEnd(end: number): SourceLocation {
    const last = this.locate(end - 1);
    return { ...last, column: last.column + 1 };
  }
}
