/**
 * Where a function's text sits in its file when a tool transformed the file in memory (tsx runs
 * esbuild on each module, vitest runs vite's output): the text V8 runs is the tool's output,
 * which the file on disk does not contain, so positions in it are mapped back through the
 * tool's source map: the one it registered with Node (`module.findSourceMap`, present when
 * source maps are enabled, as tsx enables them), else the one inlined in the script as a data
 * URL (vitest's, which Node does not know without `--enable-source-maps`).
 */
import { findSourceMap, SourceMap } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** A function's positions in its original file. */
export interface SourceMapping {
  /** The original file's path. */
  readonly file: string;
  /** Its text, for code frames. */
  readonly fileText: string;
  /** The tool's output that V8 runs, the function's text among it. */
  readonly scriptText: string;
  /** The 1-based line and column in the file of an offset into the function's text. */
  locate(position: number): { line: number; column: number };
}

/** What V8 says about the script that defined a function. */
export interface ScriptLocation {
  readonly url: string;
  /** The script's text as V8 runs it. */
  readonly text: string | undefined;
  /** Where the function's parameters start in it (0-based line and column). */
  readonly line: number;
  readonly column: number;
}

const lineStartsOf = (text: string) => [
  0,
  ...[...text.matchAll(/\r\n?|\n/g)].map((m) => m.index + m[0].length),
];

/**
 * Where a function's `text` starts in `scriptText` (the text of the script V8 ran it from, or a
 * file with that very text): the occurrence that starts nearest before the function's
 * parameters, so that of two functions with the same text the one V8 names is found; -1 where
 * there is none.
 */
export function occurrenceIn(
  scriptText: string,
  text: string,
  script: ScriptLocation,
  starts: readonly number[] = lineStartsOf(scriptText),
): number {
  const parameters = (starts[script.line] ?? 0) + script.column;
  return scriptText.lastIndexOf(text, parameters);
}

/**
 * The mapping of `text` (a function's source text) within `script` back to the original file,
 * or undefined where there is no source map, the text is not in the script, or the map does not
 * reach the function.
 */
export function sourceMapping(
  text: string,
  script: ScriptLocation,
  read: (file: string) => string | null,
): SourceMapping | undefined {
  if (script.text === undefined) return undefined;
  const map = registeredMap(script.url) ?? inlineMap(script.url, script.text);
  if (!map) return undefined;
  const scriptStarts = lineStartsOf(script.text);
  const start = occurrenceIn(script.text, text, script, scriptStarts);
  if (start < 0) return undefined;
  const first = map.findEntry(...generated(scriptStarts, start));
  const source = 'originalSource' in first ? first.originalSource : undefined;
  if (!source) return undefined;
  const file = source.startsWith('file://') ? fileURLToPath(source) : source;
  const index = map.payload.sources.indexOf(source);
  const fileText = read(file) ?? map.payload.sourcesContent?.[index];
  if (fileText === undefined || fileText === null) return undefined;
  const fileStarts = lineStartsOf(fileText);
  const scriptText = script.text;
  return {
    file,
    fileText,
    scriptText,
    locate(position) {
      const offset = start + position;
      const [line, column] = generated(scriptStarts, offset);
      const entry = map.findEntry(line, column);
      if (!('originalLine' in entry) || entry.originalSource !== source) return { line: 1, column: 1 };
      const at = (originalLine: number, originalColumn: number) => {
        const lineEnd = (fileStarts[originalLine + 1] ?? fileText.length + 1) - 1;
        const lineLength = lineEnd - (fileStarts[originalLine] ?? 0);
        return { line: originalLine + 1, column: Math.min(originalColumn, lineLength) + 1 };
      };
      /** Whether the tool's output from `from` to `to` is the file's text at `original`. */
      const same = (from: number, to: number, original: number) =>
        original >= 0 && scriptText.slice(from, to) === fileText.slice(original, original + to - from);
      // The mapped token starts at the entry; the position may lie further into it, where the
      // text between is the file's own.
      const within = entry.generatedLine === line ? column - entry.generatedColumn : 0;
      const original = (fileStarts[entry.originalLine] ?? 0) + entry.originalColumn;
      if (same(offset - within, offset, original))
        return at(entry.originalLine, entry.originalColumn + within);
      // Else the tool inserted text of its own after the entry (`__name(` around an arrow
      // function): count back from the next entry, on the same line of both, if the text
      // between is the file's.
      const next = nextEntry(map, line, column, scriptStarts, offset);
      if (next) {
        const back = next.generatedColumn - column;
        const nextOriginal = (fileStarts[next.originalLine] ?? 0) + next.originalColumn;
        if (next.originalColumn >= back && same(offset, offset + back, nextOriginal - back))
          return at(next.originalLine, next.originalColumn - back);
      }
      return at(entry.originalLine, entry.originalColumn + within);
    },
  };
}

/** How far ahead, in characters, the next entry of a line is looked for. */
const NEXT_ENTRY_REACH = 200;

/** The first entry of the map after a generated position on its line, or undefined. */
function nextEntry(
  map: NonNullable<ReturnType<typeof findSourceMap>>,
  line: number,
  column: number,
  starts: readonly number[],
  offset: number,
): { generatedColumn: number; originalLine: number; originalColumn: number } | undefined {
  const lineEnd = (starts[line + 1] ?? Number.POSITIVE_INFINITY) - (offset - column);
  for (let c = column + 1; c < Math.min(lineEnd, column + NEXT_ENTRY_REACH); c++) {
    const entry = map.findEntry(line, c);
    if ('originalLine' in entry && entry.generatedLine === line && entry.generatedColumn === c) return entry;
  }
  return undefined;
}

/** The 0-based line and column of an offset, from a text's line starts. */
function generated(starts: readonly number[], offset: number): [number, number] {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if ((starts[mid] as number) <= offset) low = mid;
    else high = mid - 1;
  }
  return [low, offset - (starts[low] as number)];
}

/** The source map a tool registered with Node for a script, where source maps are enabled. */
function registeredMap(url: string): SourceMap | undefined {
  try {
    return findSourceMap(url);
  } catch {
    return undefined;
  }
}

/**
 * The source map inlined in a script's last `sourceMappingURL` comment as a base64 data URL,
 * its sources resolved against the script's URL (as Node resolves a registered map's).
 */
function inlineMap(url: string, text: string): SourceMap | undefined {
  const comments = text.matchAll(
    /^\s*\/\/[#@] sourceMappingURL=data:application\/json;(?:charset=[\w-]+;)?base64,([A-Za-z0-9+/=]+)\s*$/gm,
  );
  const encoded = [...comments].at(-1)?.[1];
  if (!encoded) return undefined;
  try {
    const payload = JSON.parse(Buffer.from(encoded, 'base64').toString('utf8'));
    const base = url.startsWith('/') ? pathToFileURL(url).href : url;
    const root =
      typeof payload.sourceRoot === 'string' && payload.sourceRoot !== ''
        ? `${payload.sourceRoot.replace(/\/?$/, '/')}`
        : '';
    payload.sources = (payload.sources as string[]).map((source) => new URL(root + source, base).href);
    return new SourceMap(payload);
  } catch {
    // A comment that is no source map, or a script URL that is none: no mapping.
    return undefined;
  }
}
