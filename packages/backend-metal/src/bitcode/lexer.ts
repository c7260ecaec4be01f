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
  ['skip', /;[^\n]*/y],
  // Debug records (#dbg_value...): debug information, which the AIR writer leaves out.
  ['skip', /#dbg_[^\n]*/y],
  ['skip', /\s+/y],
  ['label', /(?:[-a-zA-Z$._][-\w$.]*|\d+):/y],
  ['label', /"(?:[^"\\]|\\.)*":/y],
  ['local', /%(?:[-a-zA-Z$._\d][-\w$.]*|"(?:[^"\\]|\\.)*")/y],
  ['global', /@(?:[-a-zA-Z$._\d][-\w$.]*|"(?:[^"\\]|\\.)*")/y],
  ['mstring', /!"(?:[^"\\]|\\.)*"/y],
  ['meta', /![-a-zA-Z$._\d][-\w$.]*/y],
  ['group', /#\d+/y],
  ['cstring', /c"(?:[^"\\]|\\.)*"/y],
  ['string', /"(?:[^"\\]|\\.)*"/y],
  ['number', /0x[KLMHR]?[\da-fA-F]+|[-+]?\d+(?:\.\d*)?(?:[eE][-+]?\d+)?/y],
  ['word', /[a-zA-Z_$.][-\w$.]*/y],
  ['punct', /\.\.\.|[()[\]{}<>,=*:!]/y],
];

/** Splits IR text into tokens; names lose their sigil and quotes. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  let at = 0;
  outer: while (at < text.length) {
    for (const [kind, pattern] of PATTERNS) {
      pattern.lastIndex = at;
      const match = pattern.exec(text);
      if (!match) continue;
      const raw = match[0];
      at += raw.length;
      if (kind !== 'skip') {
        let value = raw;
        if (kind === 'local' || kind === 'global' || kind === 'meta') value = raw.slice(1);
        else if (kind === 'mstring' || kind === 'cstring') value = raw.slice(2, -1);
        else if (kind === 'string') value = raw.slice(1, -1);
        else if (kind === 'label') value = raw.slice(0, -1);
        else if (kind === 'group') value = raw.slice(1);
        if ((kind === 'local' || kind === 'global' || kind === 'label') && value.startsWith('"'))
          value = unescapeText(value.slice(1, -1));
        else if (kind === 'string' || kind === 'mstring') value = unescapeText(value);
        tokens.push({ kind, text: value, line });
      }
      for (const c of raw) if (c === '\n') line++;
      continue outer;
    }
    throw new SyntaxError(`gpuc: cannot read the IR at line ${line}: ${text.slice(at, at + 20)}`);
  }
  return tokens;
}
