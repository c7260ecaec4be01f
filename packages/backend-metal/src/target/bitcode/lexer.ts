/** Tokens of LLVM's textual IR, as much of it as the Metal back-end prints. */

export type TokenKind =
  | 'local' // %name
  | 'global' // @name
  | 'meta' // !name or !3
  | 'mstring' // !"text"
  | 'group' // #3
  | 'string' // "text"
  | 'cstring' // c"text"
  | 'number'
  | 'word'
  | 'label' // name: at the start of a block
  | 'punct';

export interface Token {
  kind: TokenKind;
  text: string;
  line: number;
}

/** Undoes the `\XX` hex escapes of a quoted IR string, as bytes. */
export function unescapeBytes(text: string): number[] {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\' && text[i + 1] === '\\') {
      bytes.push(0x5c);
      i++;
    } else if (text[i] === '\\') {
      bytes.push(Number.parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      for (const byte of Buffer.from(text[i] as string, 'utf8')) bytes.push(byte);
    }
  }
  return bytes;
}

const unescapeText = (text: string) => Buffer.from(unescapeBytes(text)).toString('utf8');

const PATTERNS: [TokenKind | 'skip', RegExp][] = [
  ['skip', /;[^\n]*/],
  // Debug records (#dbg_value...): debug information, which the AIR writer leaves out.
  ['skip', /#dbg_[^\n]*/],
  ['skip', /\s+/],
  ['label', /(?:[-a-zA-Z$._][-\w$.]*|\d+):/],
  ['label', /"(?:[^"\\]|\\.)*":/],
  ['local', /%(?:[-a-zA-Z$._\d][-\w$.]*|"(?:[^"\\]|\\.)*")/],
  ['global', /@(?:[-a-zA-Z$._\d][-\w$.]*|"(?:[^"\\]|\\.)*")/],
  ['mstring', /!"(?:[^"\\]|\\.)*"/],
  ['meta', /![-a-zA-Z$._\d][-\w$.]*/],
  ['group', /#\d+/],
  ['cstring', /c"(?:[^"\\]|\\.)*"/],
  ['string', /"(?:[^"\\]|\\.)*"/],
  ['number', /0x[KLMHR]?[\da-fA-F]+|[-+]?\d+(?:\.\d*)?(?:[eE][-+]?\d+)?/],
  ['word', /[a-zA-Z_$.][-\w$.]*/],
  ['punct', /\.\.\.|[()[\]{}<>,=*:!]/],
];

/** All patterns as one sticky alternation: group `i + 1` is pattern `i`. */
const SCANNER = new RegExp(PATTERNS.map(([, pattern]) => `(${pattern.source})`).join('|'), 'y');

/** Splits IR text into tokens; names lose their sigil and quotes. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  SCANNER.lastIndex = 0;
  while (SCANNER.lastIndex < text.length) {
    const at = SCANNER.lastIndex;
    const match = SCANNER.exec(text);
    if (!match) throw new SyntaxError(`gpuc: cannot read the IR at line ${line}: ${text.slice(at, at + 20)}`);
    const raw = match[0];
    const [kind] = PATTERNS[match.findIndex((group, i) => i > 0 && group !== undefined) - 1] as [
      TokenKind | 'skip',
      RegExp,
    ];
    if (kind !== 'skip') tokens.push({ kind, text: tokenText(kind, raw), line });
    for (let i = raw.indexOf('\n'); i !== -1; i = raw.indexOf('\n', i + 1)) line++;
  }
  return tokens;
}

/** A token's text without its sigil, quotes and escapes. */
function tokenText(kind: TokenKind, raw: string): string {
  let value = raw;
  if (kind === 'local' || kind === 'global' || kind === 'meta') value = raw.slice(1);
  else if (kind === 'mstring' || kind === 'cstring') value = raw.slice(2, -1);
  else if (kind === 'string') value = raw.slice(1, -1);
  else if (kind === 'label') value = raw.slice(0, -1);
  else if (kind === 'group') value = raw.slice(1);
  if ((kind === 'local' || kind === 'global' || kind === 'label') && value.startsWith('"'))
    return unescapeText(value.slice(1, -1));
  if (kind === 'string' || kind === 'mstring') return unescapeText(value);
  return value;
}
