/**
 * Reads the textual IR of a Metal module (what `module.print()` gives) into the model. It
 * knows the subset the Metal back-end emits; anything else is an error naming the line, never
 * a silently different module. Debug information and instruction metadata are left out.
 */
import { BINARY_OPCODES, CAST_OPCODES, LINKAGES as LINKAGE_CODES } from './codes.js';
import { type Token, tokenize, unescapeBytes } from './lexer.js';
import type {
  Block,
  Global,
  Instruction,
  IRFunction,
  MetadataNode,
  MetadataRef,
  Module,
  Operand,
  Type,
  Value,
} from './model.js';

/** Linkages, binary operations and casts: the names the bitcode has codes for. */
const LINKAGES = new Set(Object.keys(LINKAGE_CODES));
const BINARY = new Set(Object.keys(BINARY_OPCODES));
const CASTS = new Set(Object.keys(CAST_OPCODES));
/**
 * Flags of newer LLVM that old bitcode has no place for, and fast-math flags (gpuc compiles
 * Metal without fast math; LLVM may still infer some): dropping them only loses facts.
 */
const DROPPED_FLAGS = new Set(['disjoint', 'nneg', 'samesign', 'nusw', 'inrange']);
/** Words that start a value, not an attribute. */
const VALUE_WORDS = new Set([
  'to',
  'x',
  'true',
  'false',
  'null',
  'undef',
  'poison',
  'zeroinitializer',
  'getelementptr',
]);
const FAST_MATH = new Set(['fast', 'nnan', 'ninf', 'nsz', 'arcp', 'contract', 'afn', 'reassoc']);

/** Decodes an IR float literal (decimal, or hex of the double) to the bits of `type`. */
function floatBits(text: string, type: Type): bigint {
  if (/^0x[KLMR]/.test(text)) throw new Error(`gpuc: the AIR writer has no ${type.kind} literal ${text}`);
  if (text.startsWith('0xH')) return BigInt(`0x${text.slice(3)}`);
  const view = new DataView(new ArrayBuffer(8));
  if (text.startsWith('0x')) view.setBigUint64(0, BigInt(text));
  else view.setFloat64(0, Number(text));
  if (type.kind === 'double') return view.getBigUint64(0);
  if (type.kind !== 'float') throw new Error(`gpuc: the AIR writer cannot write ${text} as ${type.kind}`);
  const single = view.getFloat64(0);
  view.setFloat32(0, single);
  return BigInt(view.getUint32(0));
}

class Parser {
  private at = 0;
  constructor(private readonly tokens: Token[]) {}

  private get token(): Token | undefined {
    return this.tokens[this.at];
  }
  private fail(what: string): never {
    const token = this.token;
    throw new SyntaxError(
      `gpuc: the AIR writer cannot read the IR at line ${token?.line ?? 'end'}: ${what} (found '${token?.text ?? 'end'}')`,
    );
  }
  private peek(text: string, offset = 0): boolean {
    const token = this.tokens[this.at + offset];
    return token !== undefined && token.text === text && (token.kind === 'punct' || token.kind === 'word');
  }
  private eat(text: string): boolean {
    if (!this.peek(text)) return false;
    this.at++;
    return true;
  }
  private expect(text: string): void {
    if (!this.eat(text)) this.fail(`expected '${text}'`);
  }
  private next(kind?: Token['kind']): Token {
    const token = this.token;
    if (!token || (kind && token.kind !== kind)) this.fail(`expected ${kind ?? 'a token'}`);
    this.at++;
    return token;
  }
  private int(): number {
    return Number(this.next('number').text);
  }
  /** Skips a parenthesised group (balanced). */
  private skipParens(): void {
    this.expect('(');
    for (let depth = 1; depth > 0; ) {
      const token = this.next();
      if (token.kind === 'punct' && token.text === '(') depth++;
      else if (token.kind === 'punct' && token.text === ')') depth--;
    }
  }

  private isType(): boolean {
    const token = this.token;
    if (!token) return false;
    if (token.kind === 'punct') return ['[', '<', '{'].includes(token.text);
    return token.kind === 'word' && /^(void|float|double|half|label|metadata|ptr|i\d+)$/.test(token.text);
  }

  type(): Type {
    const token = this.next();
    let type: Type;
    if (token.kind === 'punct' && token.text === '[') {
      const length = this.int();
      this.expect('x');
      type = { kind: 'array', length, element: this.type() };
      this.expect(']');
    } else if (token.kind === 'punct' && token.text === '<' && this.peek('{')) {
      type = { kind: 'struct', packed: true, elements: this.typeList('{', '}') };
      this.expect('>');
    } else if (token.kind === 'punct' && token.text === '<') {
      const length = this.int();
      this.expect('x');
      type = { kind: 'vector', length, element: this.type() };
      this.expect('>');
    } else if (token.kind === 'punct' && token.text === '{') {
      this.at--;
      type = { kind: 'struct', packed: false, elements: this.typeList('{', '}') };
    } else if (token.kind === 'word' && /^i\d+$/.test(token.text)) {
      type = { kind: 'int', bits: Number(token.text.slice(1)) };
    } else if (token.kind === 'word' && token.text === 'ptr') {
      type = { kind: 'ptr', space: this.addrspace() };
    } else if (token.kind === 'word' && /^(void|float|double|half|label|metadata)$/.test(token.text)) {
      type = { kind: token.text as 'void' };
    } else {
      this.at--;
      this.fail('expected a type');
    }
    if (this.peek('*')) this.fail('typed pointers in the input');
    return type;
  }

  private typeList(open: string, close: string): Type[] {
    this.expect(open);
    const types: Type[] = [];
    while (!this.eat(close)) {
      if (types.length) this.expect(',');
      types.push(this.type());
    }
    return types;
  }

  private addrspace(): number {
    if (!this.eat('addrspace')) return 0;
    this.expect('(');
    const space = this.int();
    this.expect(')');
    return space;
  }

  /** A value of a known type. */
  value(type: Type): Value {
    const token = this.next();
    switch (token.kind) {
      case 'local':
        return { kind: 'local', name: token.text };
      case 'global':
        return { kind: 'global', name: token.text };
      case 'number':
        if (type.kind === 'int') return { kind: 'int', value: BigInt(token.text) };
        return { kind: 'float', bits: floatBits(token.text, type) };
      case 'cstring':
        return { kind: 'bytes', bytes: unescapeBytes(token.text) };
      case 'word':
        if (token.text === 'true' || token.text === 'false')
          return { kind: 'int', value: token.text === 'true' ? -1n : 0n };
        if (token.text === 'null') return { kind: 'null' };
        if (token.text === 'undef' || token.text === 'poison') return { kind: 'undef' };
        if (token.text === 'zeroinitializer') return { kind: 'zero' };
        if (token.text === 'getelementptr' || CASTS.has(token.text) || BINARY.has(token.text))
          return { kind: 'expression', instruction: this.constantExpression(token.text) };
        break;
      case 'punct':
        if (token.text === '[' || token.text === '<' || token.text === '{') {
          const close = { '[': ']', '<': '>', '{': '}' }[token.text] as string;
          const elements: Operand[] = [];
          while (!this.eat(close)) {
            if (elements.length) this.expect(',');
            elements.push(this.operand());
          }
          return { kind: 'aggregate', elements };
        }
    }
    this.at--;
    return this.fail(`the AIR writer has no constant of this form for ${type.kind}`);
  }

  /** A constant expression's operation, as the instruction it becomes. */
  private constantExpression(opcode: string): Instruction {
    const mods = this.modifiers();
    this.expect('(');
    let inst: Instruction;
    if (opcode === 'getelementptr') inst = this.getelementptr(mods);
    else if (CASTS.has(opcode)) inst = this.cast(opcode);
    else {
      const a = this.operand();
      this.expect(',');
      const b = this.operand();
      inst = {
        opcode,
        type: a.type,
        operands: [a, b],
        flags: { nuw: mods.includes('nuw'), nsw: mods.includes('nsw') },
      };
    }
    this.expect(')');
    return inst;
  }

  /** A `getelementptr`'s element type and operands (after its modifiers `mods`), up to any `, !` attachment. */
  private getelementptr(mods: readonly string[]): Instruction {
    const elementType = this.type();
    const operands: Operand[] = [];
    while (this.eat(',')) {
      if (this.token?.kind === 'meta') {
        this.at--;
        break;
      }
      operands.push(this.operand());
    }
    return {
      opcode: 'getelementptr',
      type: operands[0]?.type as Type,
      operands,
      elementType,
      inbounds: mods.includes('inbounds'),
    };
  }

  /** A cast's operand and `to` type. */
  private cast(opcode: string): Instruction {
    const a = this.operand();
    this.expect('to');
    return { opcode, type: this.type(), operands: [a] };
  }

  operand(): Operand {
    const type = this.type();
    return { type, value: this.value(type) };
  }

  /** Attribute words before a value or parameter name; returns their spellings. */
  private attributes(): string[] {
    const found: string[] = [];
    for (;;) {
      const token = this.token;
      if (!token) return found;
      if (token.kind === 'string') {
        this.at++;
        let text = token.text;
        if (this.eat('=')) text += `=${this.next('string').text}`;
        found.push(text);
      } else if (token.kind === 'word' && !this.isType() && !VALUE_WORDS.has(token.text)) {
        this.at++;
        let text = token.text;
        if (text === 'align') text += `=${this.int()}`;
        else if (this.peek('(')) {
          const from = this.at;
          this.skipParens();
          text += this.tokens
            .slice(from, this.at)
            .map((t) => t.text)
            .join('');
        }
        found.push(text);
      } else return found;
    }
  }

  /** Trailing `, !kind !N` attachments and `#N` groups after an instruction. */
  private skipAttachments(): void {
    while (this.peek(',') && this.tokens[this.at + 1]?.kind === 'meta') {
      this.at += 2;
      this.next('meta');
    }
  }

  private align(): number {
    if (!this.peek(',') || !this.peek('align', 1)) return 0;
    this.at += 2;
    return this.int();
  }

  instruction(): Instruction {
    let result: string | undefined;
    if (this.token?.kind === 'local') {
      result = this.next().text;
      this.expect('=');
    }
    let tail = false;
    if (this.eat('tail') || this.eat('musttail') || this.eat('notail')) tail = true;
    const opcode = this.next('word').text;
    const inst = this.body(opcode, tail);
    if (result !== undefined) inst.result = result;
    this.skipAttachments();
    return inst;
  }

  private modifiers(): string[] {
    const found: string[] = [];
    while (this.token?.kind === 'word' && !this.isType()) {
      const word = this.token.text;
      const known = ['nuw', 'nsw', 'exact', 'inbounds', 'volatile'].includes(word);
      if (!known && !DROPPED_FLAGS.has(word) && !FAST_MATH.has(word)) break;
      found.push(word);
      this.at++;
    }
    return found;
  }

  private body(opcode: string, tail: boolean): Instruction {
    const void_: Type = { kind: 'void' };
    if (BINARY.has(opcode)) {
      const mods = this.modifiers();
      const a = this.operand();
      this.expect(',');
      const b = { type: a.type, value: this.value(a.type) };
      return {
        opcode,
        type: a.type,
        operands: [a, b],
        flags: { nuw: mods.includes('nuw'), nsw: mods.includes('nsw'), exact: mods.includes('exact') },
      };
    }
    if (CASTS.has(opcode)) {
      this.modifiers();
      return this.cast(opcode);
    }
    switch (opcode) {
      case 'fneg': {
        this.modifiers();
        const a = this.operand();
        return { opcode, type: a.type, operands: [a] };
      }
      case 'icmp':
      case 'fcmp': {
        this.modifiers();
        const predicate = this.next('word').text;
        const a = this.operand();
        this.expect(',');
        const b = { type: a.type, value: this.value(a.type) };
        const type: Type =
          a.type.kind === 'vector'
            ? { kind: 'vector', length: a.type.length, element: { kind: 'int', bits: 1 } }
            : { kind: 'int', bits: 1 };
        return { opcode, predicate, type, operands: [a, b] };
      }
      case 'select': {
        this.modifiers();
        const c = this.operand();
        this.expect(',');
        const a = this.operand();
        this.expect(',');
        const b = this.operand();
        return { opcode, type: a.type, operands: [c, a, b] };
      }
      case 'extractelement': {
        const v = this.operand();
        this.expect(',');
        const i = this.operand();
        return { opcode, type: (v.type as { element: Type }).element, operands: [v, i] };
      }
      case 'insertelement': {
        const v = this.operand();
        this.expect(',');
        const e = this.operand();
        this.expect(',');
        return { opcode, type: v.type, operands: [v, e, this.operand()] };
      }
      case 'shufflevector': {
        const a = this.operand();
        this.expect(',');
        const b = this.operand();
        this.expect(',');
        const mask = this.operand();
        const length = (mask.type as { length: number }).length;
        return {
          opcode,
          type: { kind: 'vector', length, element: (a.type as { element: Type }).element },
          operands: [a, b, mask],
        };
      }
      case 'getelementptr':
        return this.getelementptr(this.modifiers());
      case 'alloca': {
        const elementType = this.type();
        const operands: Operand[] = [];
        let align = 0;
        while (this.eat(',')) {
          if (this.eat('align')) align = this.int();
          else if (this.token?.kind === 'meta') {
            this.at--;
            break;
          } else operands.push(this.operand());
        }
        return { opcode, type: { kind: 'ptr', space: 0 }, elementType, operands, align };
      }
      case 'load': {
        const volatile = this.modifiers().includes('volatile');
        const type = this.type();
        this.expect(',');
        const p = this.operand();
        return { opcode, type, operands: [p], align: this.align(), volatile };
      }
      case 'store': {
        const volatile = this.modifiers().includes('volatile');
        const v = this.operand();
        this.expect(',');
        const p = this.operand();
        return { opcode, type: void_, operands: [v, p], align: this.align(), volatile };
      }
      case 'phi': {
        this.modifiers();
        const type = this.type();
        const operands: Operand[] = [];
        const blocks: string[] = [];
        do {
          this.expect('[');
          operands.push({ type, value: this.value(type) });
          this.expect(',');
          blocks.push(this.next('local').text);
          this.expect(']');
        } while (this.eat(',') && this.peek('['));
        if (this.peek('!', 0) || this.token?.kind === 'meta') this.at--;
        return { opcode, type, operands, blocks };
      }
      case 'call': {
        this.modifiers();
        this.attributes();
        const result = this.type();
        let params: Type[] | undefined;
        let vararg = false;
        if (this.peek('(')) {
          this.expect('(');
          params = [];
          while (!this.eat(')')) {
            if (params.length || vararg) this.expect(',');
            if (this.eat('...')) vararg = true;
            else params.push(this.type());
          }
        }
        const callee = this.next('global').text;
        this.expect('(');
        const operands: Operand[] = [];
        while (!this.eat(')')) {
          if (operands.length) this.expect(',');
          const type = this.type();
          this.attributes();
          operands.push({ type, value: this.value(type) });
        }
        while (this.token?.kind === 'group') this.at++;
        return {
          opcode,
          type: result,
          operands,
          callee,
          tail,
          calleeType: { kind: 'function', result, params: params ?? operands.map((o) => o.type), vararg },
        };
      }
      case 'br': {
        if (this.eat('label'))
          return { opcode, type: void_, operands: [], blocks: [this.next('local').text] };
        const c = this.operand();
        this.expect(',');
        this.expect('label');
        const a = this.next('local').text;
        this.expect(',');
        this.expect('label');
        return { opcode, type: void_, operands: [c], blocks: [a, this.next('local').text] };
      }
      case 'switch': {
        const c = this.operand();
        this.expect(',');
        this.expect('label');
        const blocks = [this.next('local').text];
        const operands = [c];
        this.expect('[');
        while (!this.eat(']')) {
          operands.push(this.operand());
          this.expect(',');
          this.expect('label');
          blocks.push(this.next('local').text);
        }
        return { opcode, type: void_, operands, blocks };
      }
      case 'ret':
        return this.eat('void')
          ? { opcode, type: void_, operands: [] }
          : { opcode, type: void_, operands: [this.operand()] };
      case 'unreachable':
        return { opcode, type: void_, operands: [] };
      case 'freeze': {
        const a = this.operand();
        return { opcode, type: a.type, operands: [a] };
      }
      case 'extractvalue':
      case 'insertvalue': {
        const agg = this.operand();
        const operands = [agg];
        if (opcode === 'insertvalue') {
          this.expect(',');
          operands.push(this.operand());
        }
        const indices: number[] = [];
        while (this.peek(',') && this.tokens[this.at + 1]?.kind === 'number') {
          this.at++;
          indices.push(this.int());
        }
        let type = agg.type;
        if (opcode === 'extractvalue')
          for (const index of indices)
            type =
              type.kind === 'struct' ? (type.elements[index] as Type) : (type as { element: Type }).element;
        return { opcode, type, operands, indices };
      }
    }
    this.at--;
    return this.fail(`the AIR writer does not handle '${opcode}'`);
  }

  /** `define`/`declare` header up to the body's `{` (not consumed). */
  function(defining: boolean): IRFunction {
    let linkage = 'external';
    for (;;) {
      const word = this.token;
      if (word?.kind !== 'word' || this.isType()) break;
      if (LINKAGES.has(word.text)) linkage = word.text;
      this.at++;
      if (this.peek('(')) this.skipParens();
    }
    const result = this.type();
    const name = this.next('global').text;
    this.expect('(');
    const params: Type[] = [];
    const names: string[] = [];
    const paramAttributes: string[][] = [];
    let vararg = false;
    while (!this.eat(')')) {
      if (params.length || vararg) this.expect(',');
      if (this.eat('...')) {
        vararg = true;
        continue;
      }
      params.push(this.type());
      paramAttributes.push(this.attributes());
      names.push(this.token?.kind === 'local' ? this.next().text : String(params.length - 1));
    }
    let unnamedAddr: IRFunction['unnamedAddr'] = '';
    const groups: string[] = [];
    for (;;) {
      if (this.eat('unnamed_addr')) unnamedAddr = 'unnamed_addr';
      else if (this.eat('local_unnamed_addr')) unnamedAddr = 'local_unnamed_addr';
      else if (this.token?.kind === 'group') groups.push(this.next().text);
      else if (this.token?.kind === 'meta') {
        this.at++;
        this.next('meta');
      } else if (
        this.token?.kind === 'word' &&
        this.token.text !== 'define' &&
        this.token.text !== 'declare'
      ) {
        if (!defining) break;
        this.at++;
        if (this.peek('(')) this.skipParens();
      } else break;
    }
    return {
      name,
      type: { kind: 'function', result, params, vararg },
      params: names,
      attributes: { fn: groups.map((g) => `#${g}`), result: [], params: paramAttributes },
      linkage,
      unnamedAddr,
      blocks: [],
    };
  }

  blocks(fn: IRFunction): void {
    this.expect('{');
    let block: Block | undefined;
    while (!this.eat('}')) {
      if (this.token?.kind === 'label') {
        block = { name: this.next().text, instructions: [] };
        fn.blocks.push(block);
        continue;
      }
      if (!block) {
        // LLVM leaves the entry block's label out when it is numbered.
        block = { name: String(fn.params.length), instructions: [] };
        fn.blocks.push(block);
      }
      block.instructions.push(this.instruction());
    }
  }

  global(name: string): Global {
    let linkage = 'external';
    let unnamedAddr: Global['unnamedAddr'] = '';
    let space = 0;
    for (;;) {
      const word = this.next('word').text;
      if (LINKAGES.has(word)) linkage = word;
      else if (word === 'unnamed_addr' || word === 'local_unnamed_addr') unnamedAddr = word;
      else if (word === 'addrspace') {
        this.at--;
        space = this.addrspace();
      } else if (word === 'global' || word === 'constant') {
        const valueType = this.type();
        const external = linkage === 'external' || linkage === 'extern_weak';
        const init =
          external && (this.peek(',') || !this.token)
            ? undefined
            : { type: valueType, value: this.value(valueType) };
        let align = 0;
        while (this.eat(',')) {
          if (this.eat('align')) align = this.int();
          else this.fail('a global attribute the AIR writer does not know');
        }
        return {
          name,
          valueType,
          space,
          constant: word === 'constant',
          linkage,
          unnamedAddr,
          align,
          ...(init ? { init } : {}),
        };
      } else if (!['dso_local', 'hidden', 'default', 'protected'].includes(word)) {
        this.at--;
        this.fail('a global the AIR writer does not know');
      }
    }
  }

  metadataRef(): MetadataRef {
    const token = this.token;
    if (token?.kind === 'meta') {
      this.at++;
      return { kind: 'node', id: token.text };
    }
    if (token?.kind === 'mstring') {
      this.at++;
      return { kind: 'string', text: token.text };
    }
    if (this.eat('null')) return { kind: 'null' };
    return { kind: 'value', operand: this.operand() };
  }

  /** `!N = [distinct] !{...}` or a specialised node (left out); `!name = !{...}`. */
  metadata(module: Module, id: string): void {
    this.expect('=');
    const distinct = this.eat('distinct');
    if (this.token?.kind === 'meta') {
      // A specialised node such as !DILocation(...): debug information, not written.
      this.at++;
      this.skipParens();
      return;
    }
    this.expect('!');
    this.expect('{');
    const operands: MetadataRef[] = [];
    while (!this.eat('}')) {
      if (operands.length) this.expect(',');
      operands.push(this.metadataRef());
    }
    if (/^\d+$/.test(id)) module.nodes.set(id, { distinct, operands } satisfies MetadataNode);
    else
      module.named.push({
        name: id,
        nodes: operands.map((o) =>
          o.kind === 'node' ? o.id : this.fail('a named node with an inline operand'),
        ),
      });
  }

  module(): Module {
    const module: Module = {
      sourceFilename: '',
      dataLayout: '',
      triple: '',
      globals: [],
      functions: [],
      nodes: new Map(),
      named: [],
    };
    const groups = new Map<string, string[]>();
    while (this.token) {
      const token = this.next();
      if (token.kind === 'word' && token.text === 'source_filename') {
        this.expect('=');
        module.sourceFilename = this.next('string').text;
      } else if (token.kind === 'word' && token.text === 'target') {
        const what = this.next('word').text;
        this.expect('=');
        const text = this.next('string').text;
        if (what === 'datalayout') module.dataLayout = text;
        else module.triple = text;
      } else if (token.kind === 'global') {
        this.expect('=');
        module.globals.push(this.global(token.text));
      } else if (token.kind === 'word' && (token.text === 'define' || token.text === 'declare')) {
        const fn = this.function(token.text === 'define');
        if (token.text === 'define') this.blocks(fn);
        module.functions.push(fn);
      } else if (token.kind === 'word' && token.text === 'attributes') {
        const id = this.next('group').text;
        this.expect('=');
        this.expect('{');
        groups.set(`#${id}`, this.attributes());
        this.expect('}');
      } else if (token.kind === 'meta') {
        this.metadata(module, token.text);
      } else {
        this.at--;
        this.fail('a top-level entity the AIR writer does not know');
      }
    }
    for (const fn of module.functions)
      fn.attributes.fn = fn.attributes.fn.flatMap((group) => groups.get(group) ?? []);
    return module;
  }
}

/** Parses a module's textual IR (the subset the Metal back-end emits). */
export function parseIR(text: string): Module {
  return new Parser(tokenize(text)).module();
}
