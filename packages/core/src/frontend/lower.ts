/**
 * Lowering: a function's AST to untyped SSA IR.
 *
 * SSA is built on the fly while walking the AST, after Braun et al., "Simple and Efficient
 * Construction of Static Single Assignment Form" (CC 2013): each block records the current
 * value of every variable it assigns; reading a variable in a block that does not define it asks
 * the predecessors, placing a phi where paths merge. Loop headers stay unsealed until their back
 * edges are known, with operand-less phis completed on sealing; phis that turn out to merge a
 * single value are removed.
 *
 * Free names stay symbolic (`global` values, calls by name) for inference to resolve, so one
 * lowering serves every specialization and every world.
 */
import { isGeometryGroup } from './catalogue/gpu.js';
import { isIntrinsicName } from './catalogue/index.js';
import { ErrorCode } from './errors.js';
import { foldBinary, foldUnary, ROUNDING } from './fold.js';
import { importedNames, isModuleNamespace } from './imports.js';
import {
  type BinaryOperator,
  type Block,
  type CompareOperator,
  emptyBlock,
  type Instruction,
  type IRFunction,
  type Operation,
  PRINT_DIRECTIVE,
  type Span,
  type Terminator,
  type UnaryOperator,
  type UnrollHint,
} from './ir.js';
import { constantString, unparenthesized } from './keys.js';
import type { FunctionNode, Node } from './parse.js';
import { removeUnreachable } from './prune.js';
import type { KernelSource } from './source.js';
import { TYPED_ARRAYS } from './types.js';
import {
  describe,
  unsupportedConstruct,
  unsupportedLiteral,
  unsupportedNew,
  unsupportedProperty,
} from './unsupported.js';

/** Namespaces reachable in kernels when no local shadows them. */
export const NAMESPACES = new Set(['gpu', 'Math', 'Number', 'BigInt', 'console']);

const REST_PATTERN = "rest elements ('...') in destructuring are not supported; name each field";

/** Constants of `Math` and `Number`, folded at lowering (at inference where keyed by a scope string). */
export const CONSTANTS: Record<string, number> = {
  'Math.PI': Math.PI,
  'Math.E': Math.E,
  'Math.LN2': Math.LN2,
  'Math.LN10': Math.LN10,
  'Math.LOG2E': Math.LOG2E,
  'Math.LOG10E': Math.LOG10E,
  'Math.SQRT2': Math.SQRT2,
  'Math.SQRT1_2': Math.SQRT1_2,
  'Number.EPSILON': Number.EPSILON,
  'Number.MAX_SAFE_INTEGER': Number.MAX_SAFE_INTEGER,
  'Number.MIN_SAFE_INTEGER': Number.MIN_SAFE_INTEGER,
  'Number.MAX_VALUE': Number.MAX_VALUE,
  'Number.MIN_VALUE': Number.MIN_VALUE,
  'Number.POSITIVE_INFINITY': Number.POSITIVE_INFINITY,
  'Number.NEGATIVE_INFINITY': Number.NEGATIVE_INFINITY,
  'Number.NaN': Number.NaN,
};

/** Statements that take their labels themselves: loops, `switch`, and further labels. */
const LABEL_TARGETS = new Set([
  'ForStatement',
  'WhileStatement',
  'DoWhileStatement',
  'SwitchStatement',
  'LabeledStatement',
  'ForOfStatement',
  'ForInStatement',
]);

/** A loop statement (labelled or not), which a `gpu.unroll` hint may precede. */
function isLoop(node: Node | undefined): boolean {
  if (node?.type === 'LabeledStatement') return isLoop(node.body as Node);
  return (
    node?.type === 'ForStatement' || node?.type === 'WhileStatement' || node?.type === 'DoWhileStatement'
  );
}

const BINARY = new Set(['+', '-', '*', '/', '%', '**', '&', '|', '^', '<<', '>>', '>>>']);
/** The operators whose result is an integer (int32, or uint32 for `>>>`) whatever their operands. */
const BITWISE: ReadonlySet<string> = new Set(['&', '|', '^', '<<', '>>', '>>>']);
const COMPARE: Record<string, CompareOperator> = {
  '==': '==',
  '===': '==',
  '!=': '!=',
  '!==': '!=',
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>=',
};

interface Variable {
  id: number;
  name: string;
  constant: boolean;
  /** The string a `const` is bound to where it is a string literal: a member's key (`r[k]`). */
  key?: string;
  /** Declared directly in a `switch` case: that switch's scope and the case's index. */
  switchCase?: { scope: Map<string, Variable>; index: number };
}

interface LoopTarget {
  labels: string[];
  breakTo: Block;
  /** Undefined for `switch` and labelled blocks, which `continue` cannot target. */
  continueTo: Block | undefined;
  /** A labelled statement that is not a loop or `switch`: only `break label` leaves it. */
  labelledOnly?: boolean;
}

/**
 * Lowers a parsed function to untyped SSA IR for a call with `arity` arguments (default: one
 * for each parameter): the parameters past them take their default values. `nullable`: the
 * variant a call JavaScript may see return `undefined` calls (`f(a, j) ?? d`), which returns
 * `[value, defined]`.
 */
export function lowerFunction(
  node: FunctionNode,
  source: KernelSource,
  arity?: number,
  nullable = false,
): IRFunction {
  return new Lowerer(node, source, arity ?? node.params.length, nullable).run();
}

class Lowerer {
  private readonly fn: IRFunction;
  private block: Block;
  private readonly scopes: Map<string, Variable>[] = [new Map()];
  /** Names a scope's block declares further on: until then, JavaScript's temporal dead zone. */
  private readonly pending = new Map<Map<string, Variable>, Set<string>>();
  private readonly defs = new Map<Block, Map<number, Instruction>>();
  private readonly sealed = new Set<Block>();
  /** Blocks a path from the entry reaches ({@link dead}). */
  private readonly live = new Set<Block>();
  private readonly incomplete = new Map<Block, Map<number, Instruction>>();
  private readonly targets: LoopTarget[] = [];
  private readonly variables = new Map<number, Variable>();
  private readonly forward = new Map<Instruction, Instruction>();
  private readonly phiUsers = new Map<Instruction, Set<Instruction>>();
  private pendingLabels: string[] = [];
  /** The `gpu.unroll` hint of the loop statement that comes next. */
  private pendingUnroll: UnrollHint | undefined;
  /** How deeply the expression being lowered nests. */
  /** The scopes of the `switch` statements being lowered, with the case lowered now in each. */
  private readonly switchCases = new Map<Map<string, Variable>, number>();
  /** Set while a loop's condition is lowered: its comparisons are marked `loopTest`. */
  private inLoopTest = false;
  private nextVariable = 0;
  private nextBlock = 0;
  /** The nullable variant's returns: the blocks they leave from, each with its value. */
  private readonly returns: { block: Block; value: Instruction }[] = [];
  /** The nullable variant's block for the paths whose value is JavaScript's `undefined`. */
  private undefinedReturn: Block | undefined;

  constructor(
    private readonly node: FunctionNode,
    private readonly source: KernelSource,
    /** How many arguments the call passes: parameters past them take their defaults. */
    private readonly arity: number,
    private readonly nullable: boolean,
  ) {
    const name = (node.id as Node | null | undefined)?.name;
    this.fn = {
      name: typeof name === 'string' ? name : (source.name ?? 'anonymous'),
      params: [],
      blocks: [],
      source,
      returnType: undefined,
      nextId: 0,
    };
    this.block = this.newBlock('entry');
    this.seal(this.block);
  }

  run(): IRFunction {
    const { node } = this;
    node.params.forEach((param, index) => {
      const target = param.type === 'TSParameterProperty' ? (param.parameter as Node) : param;
      if (target.type === 'RestElement')
        this.fail(
          ErrorCode.unsupported,
          "rest parameters ('...') are not supported; name each parameter",
          target,
        );
      const defaulted = target.type === 'AssignmentPattern';
      const bound = defaulted ? (target.left as Node) : target;
      if (defaulted && index >= this.arity) {
        // A missing argument: the parameter is its default value, computed where JavaScript does.
        this.bindPattern(bound, this.expression(target.right as Node), false);
        return;
      }
      const name = bound.type === 'Identifier' ? (bound.name as string) : `arg${index + 1}`;
      const value = this.emit({ op: 'param', index, name }, [], bound);
      this.fn.params.push(value);
      this.bindPattern(bound, value, false);
    });
    const body = node.body;
    if (body.type === 'BlockStatement') {
      this.statements(body.body as Node[]);
      if (this.isOpen()) this.returnStatement(body, null, this.span(body, true));
    } else {
      this.returnStatement(body, body);
    }
    const [early] = node.earlyErrors ?? [];
    if (early) this.fail(ErrorCode.syntax, early.message, early);
    if (this.returns.length > 0 || this.undefinedReturn !== undefined) this.nullableExit(body);
    this.removeUnreachable();
    this.applyForwarding();
    return this.fn;
  }

  // ---- blocks, values and SSA construction

  private newBlock(label: string): Block {
    const block = emptyBlock(this.nextBlock++, label);
    this.fn.blocks.push(block);
    return block;
  }

  private span(node: Node, atEnd = false): Span {
    return atEnd
      ? { start: Math.max(node.start, node.end - 1), end: node.end }
      : { start: node.start, end: node.end };
  }

  private fail(code: Parameters<KernelSource['error']>[0], message: string, node: Node | Span): never {
    throw this.source.error(code, message, node.start, node.end);
  }

  /** Emits an instruction for `node`; `operands` are where its arguments are written, if known. */
  private emit(
    operation: Operation,
    args: Instruction[],
    node: Node | Span,
    operands?: readonly (Node | Span)[],
  ): Instruction {
    // Object.assign, not an object spread: V8 builds a spread of operations of many shapes in
    // its runtime, many times slower (it was lowering's largest cost). Keys keep the same order.
    const inst = Object.assign({}, operation, {
      id: this.fn.nextId++,
      args,
      type: undefined,
      span: { start: node.start, end: node.end },
    }) as Instruction;
    if (operands) inst.argSpans = operands.map((o) => ({ start: o.start, end: o.end }));
    inst.block = this.block;
    if (operation.op === 'phi') this.block.phis.push(inst);
    else this.block.body.push(inst);
    return inst;
  }

  private isOpen(): boolean {
    return this.block.terminator === undefined;
  }

  private terminate(terminator: Terminator): void {
    if (!this.isOpen()) return;
    this.block.terminator = terminator;
    for (const target of terminator.kind === 'jump'
      ? [terminator.target]
      : terminator.kind === 'branch'
        ? [terminator.ifTrue, terminator.ifFalse]
        : []) {
      target.predecessors.push(this.block);
    }
  }

  private jump(target: Block, span: Span, unroll?: UnrollHint): void {
    this.terminate({ kind: 'jump', target, span, ...(unroll === undefined ? {} : { unroll }) });
  }

  /** Continues lowering in `block`; code after a terminator goes to a fresh unreachable block. */
  private enter(block: Block): void {
    this.block = block;
  }

  private enterDead(): void {
    const dead = this.newBlock('dead');
    this.seal(dead);
    this.block = dead;
  }

  private write(variable: Variable, block: Block, value: Instruction): void {
    let map = this.defs.get(block);
    if (!map) {
      map = new Map();
      this.defs.set(block, map);
    }
    map.set(variable.id, value);
  }

  /** The value a removed phi stands for (phis found trivial are forwarded, not rewritten). */
  private resolve(value: Instruction): Instruction {
    let current = value;
    for (let next = this.forward.get(current); next !== undefined; next = this.forward.get(current))
      current = next;
    return current;
  }

  private read(variable: Variable, block: Block, span: Span): Instruction {
    const local = this.defs.get(block)?.get(variable.id);
    if (local) return this.resolve(local);
    let value: Instruction;
    if (!this.sealed.has(block)) {
      value = this.phi(block, span);
      let pending = this.incomplete.get(block);
      if (!pending) {
        pending = new Map();
        this.incomplete.set(block, pending);
      }
      pending.set(variable.id, value);
    } else if (block.predecessors.length === 0) {
      // Read before any assignment on this path: an undefined value inference rejects if used.
      value = this.undef(block, span);
    } else if (block.predecessors.length === 1) {
      value = this.read(variable, block.predecessors[0] as Block, span);
    } else {
      const phi = this.phi(block, span);
      this.write(variable, block, phi);
      value = this.completePhi(variable, phi);
    }
    this.write(variable, block, value);
    return value;
  }

  private phi(block: Block, span: Span): Instruction & { op: 'phi' } {
    const saved = this.block;
    this.block = block;
    const phi = this.emit({ op: 'phi', blocks: [] }, [], span) as Instruction & { op: 'phi' };
    this.block = saved;
    return phi;
  }

  private undef(block: Block, span: Span): Instruction {
    const inst = { op: 'undef', id: this.fn.nextId++, args: [], type: undefined, span, block } as Instruction;
    block.body.unshift(inst);
    return inst;
  }

  private completePhi(variable: Variable, phi: Instruction & { op: 'phi' }): Instruction {
    for (const predecessor of phi.block.predecessors) {
      // A path that never runs (`if (false) ...` before a join) gives no value: `const D =
      // false` read after it is still the literal, so `if (D)` prunes as `if (false)` does.
      if (this.dead(predecessor)) continue;
      const operand = this.read(variable, predecessor, phi.span);
      phi.blocks.push(predecessor);
      phi.args.push(operand);
      let users = this.phiUsers.get(operand);
      if (!users) {
        users = new Set();
        this.phiUsers.set(operand, users);
      }
      users.add(phi);
    }
    return this.removeTrivialPhi(phi);
  }

  /**
   * Whether no path from the entry reaches `block`: sealed (its predecessors are final), each of
   * them dead too (a cycle among them reaches nothing). Blocks found live are remembered.
   */
  private dead(block: Block, visiting = new Set<Block>()): boolean {
    if (this.live.has(block) || block === this.fn.blocks[0] || !this.sealed.has(block)) return false;
    if (visiting.has(block)) return true;
    visiting.add(block);
    if (block.predecessors.every((p) => this.dead(p, visiting))) return true;
    this.live.add(block);
    return false;
  }

  /** A phi whose operands are all one value (or itself) is that value. */
  private removeTrivialPhi(phi: Instruction): Instruction {
    let same: Instruction | undefined;
    for (const operand of phi.args) {
      const arg = this.resolve(operand);
      if (arg === same || arg === phi) continue;
      if (same !== undefined) return phi;
      same = arg;
    }
    if (same === undefined) same = this.undef(phi.block, phi.span);
    this.forward.set(phi, same);
    phi.block.phis = phi.block.phis.filter((p) => p !== phi);
    for (const user of this.phiUsers.get(phi) ?? []) {
      if (user !== phi && this.resolve(user) === user && user.block.phis.includes(user))
        this.removeTrivialPhi(user);
    }
    return same;
  }

  private seal(block: Block): void {
    const pending = this.incomplete.get(block);
    this.sealed.add(block);
    if (!pending) return;
    this.incomplete.delete(block);
    for (const [id, phi] of pending)
      this.completePhi(this.variables.get(id) as Variable, phi as Instruction & { op: 'phi' });
  }

  /** Rewrites every operand through the forwarding of removed phis. */
  private applyForwarding(): void {
    if (this.forward.size === 0) return;
    for (const block of this.fn.blocks) {
      // In place: a new array per instruction was a large share of lowering's allocation.
      for (const list of [block.phis, block.body])
        for (const inst of list)
          for (let i = 0; i < inst.args.length; i++) inst.args[i] = this.resolve(inst.args[i] as Instruction);
      const t = block.terminator;
      if (t?.kind === 'branch') t.condition = this.resolve(t.condition);
      if (t?.kind === 'return' && t.value) t.value = this.resolve(t.value);
    }
  }

  private removeUnreachable(): void {
    const reachable = new Set<Block>();
    const stack = [this.fn.blocks[0] as Block];
    while (stack.length > 0) {
      const block = stack.pop() as Block;
      if (reachable.has(block)) continue;
      reachable.add(block);
      const t = block.terminator;
      if (t?.kind === 'jump') stack.push(t.target);
      if (t?.kind === 'branch') stack.push(t.ifTrue, t.ifFalse);
    }
    // A phi operand from a block that does not flow here (unreachable, or a short circuit whose
    // left side a literal decided, `false || x`, jumping past the join) goes too.
    removeUnreachable(this.fn, reachable);
    for (const block of this.fn.blocks)
      block.terminator ??= { kind: 'unreachable', span: { start: 0, end: 0 } };
    // A phi left with one value, its other edges from unreachable code (after a literal
    // condition's untaken side, `if (false)`, or a return), is that value: a merge of one array
    // is no array chosen at run time. Until none is left: removing one can leave another (a
    // loop's, whose other operand it was) merging a value with itself.
    for (let changed = true; changed; ) {
      changed = false;
      for (const phi of this.fn.blocks.flatMap((block) => block.phis))
        if (this.resolve(phi) === phi && this.removeTrivialPhi(phi) !== phi) changed = true;
    }
  }

  // ---- variables and scopes

  private declare(name: string, constant: boolean, value: Instruction, node: Node): Variable {
    const scope = this.scopes[this.scopes.length - 1] as Map<string, Variable>;
    if (scope.has(name))
      this.fail(ErrorCode.invalidAssignment, `'${name}' is already declared in this scope`, node);
    this.pending.get(scope)?.delete(name);
    const index = this.switchCases.get(scope);
    const variable: Variable = {
      id: this.nextVariable++,
      name,
      constant,
      ...(constant && value.op === 'const' && typeof value.value === 'string' ? { key: value.value } : {}),
      ...(index === undefined ? {} : { switchCase: { scope, index } }),
    };
    this.variables.set(variable.id, variable);
    scope.set(name, variable);
    this.write(variable, this.block, value);
    return variable;
  }

  /**
   * A variable used at `node`. One declared in another case of a `switch` is refused: where
   * that case did not run, JavaScript throws a ReferenceError (the variable is uninitialized).
   */
  private use(name: string, node: Node): Variable | undefined {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const scope = this.scopes[i] as Map<string, Variable>;
      if (scope.has(name)) break;
      if (this.pending.get(scope)?.has(name)) {
        this.fail(
          ErrorCode.invalidAssignment,
          `'${name}' is used before its declaration in this block (JavaScript throws a ReferenceError)`,
          node,
        );
      }
    }
    const variable = this.lookup(name);
    const declared = variable?.switchCase;
    if (declared && this.switchCases.get(declared.scope) !== declared.index) {
      this.fail(
        ErrorCode.invalidAssignment,
        `'${name}' is declared in another case of this switch; JavaScript throws a ReferenceError when this case runs without that one (declare it before the switch, or in a block of its case)`,
        node,
      );
    }
    return variable;
  }

  /** The name an outer (not local) name stands for: gpuc's, where the file imports it renamed. */
  private outerName(name: string): string {
    return importedNames(this.source).get(name) ?? name;
  }

  private lookup(name: string): Variable | undefined {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const found = this.scopes[i]?.get(name);
      if (found) return found;
    }
    return undefined;
  }

  private scoped(body: () => void): void {
    this.scopes.push(new Map());
    try {
      body();
    } finally {
      this.scopes.pop();
    }
  }

  // ---- statements

  private statements(list: Node[]): void {
    this.expectDeclarations(list);
    list.forEach((statement, i) => {
      const hint = this.unrollHint(statement);
      if (hint === undefined) {
        this.statement(statement);
        return;
      }
      if (!isLoop(list[i + 1])) this.misplacedHint(statement);
      this.pendingUnroll = hint;
    });
  }

  /** What a `gpu.unroll(k)` statement asks (undefined for any other statement). */
  private unrollHint(statement: Node): UnrollHint | undefined {
    const call =
      statement.type === 'ExpressionStatement' ? unparenthesized(statement.expression as Node) : undefined;
    if (call?.type !== 'CallExpression') return undefined;
    if (this.qualifiedName(indirectCallee(call.callee as Node)) !== 'gpu.unroll') return undefined;
    const args = call.arguments as Node[];
    if (args.length === 0) return 'full';
    const count = args[0] as Node;
    if (
      args.length > 1 ||
      count.type !== 'Literal' ||
      !Number.isInteger(count.value) ||
      (count.value as number) < 1
    )
      this.fail(
        ErrorCode.notConstant,
        'gpu.unroll takes one positive integer literal (the unroll count), or nothing to unroll fully',
        args.length > 1 ? (args[1] as Node) : count,
      );
    return count.value as number;
  }

  private misplacedHint(node: Node): never {
    this.fail(
      ErrorCode.unsupported,
      'gpu.unroll(...) must be a statement immediately before a for, while or do-while loop',
      node,
    );
  }

  /** The hint a loop statement takes (and clears). */
  private takeUnroll(): UnrollHint | undefined {
    const hint = this.pendingUnroll;
    this.pendingUnroll = undefined;
    return hint;
  }

  /** Records the names `let` and `const` statements of a block will declare in the current scope. */
  private expectDeclarations(list: Node[]): void {
    const scope = this.scopes[this.scopes.length - 1] as Map<string, Variable>;
    let names = this.pending.get(scope);
    for (const statement of list) {
      if (statement.type !== 'VariableDeclaration') continue;
      for (const declarator of statement.declarations as Node[]) {
        if (!names) {
          names = new Set();
          this.pending.set(scope, names);
        }
        for (const name of boundNames(declarator.id as Node)) names.add(name);
      }
    }
  }

  private statement(node: Node): void {
    if (!this.isOpen()) this.enterDead();
    const labels = this.pendingLabels;
    this.pendingLabels = [];
    if (labels.length > 0 && !LABEL_TARGETS.has(node.type)) {
      // A labelled statement that is not a loop or a switch (`check: if (c) { break check; }`):
      // `break label` leaves it; `continue label` is refused, as JavaScript does.
      this.labelled(node, labels, () => this.statement(node));
      return;
    }
    switch (node.type) {
      case 'BlockStatement':
        this.scoped(() => this.statements(node.body as Node[]));
        return;
      // Types only, as annotations are: nothing runs (the reference runner strips them).
      case 'EmptyStatement':
      case 'TSTypeAliasDeclaration':
      case 'TSInterfaceDeclaration':
        return;
      case 'ExpressionStatement':
        this.expression(node.expression as Node, true);
        return;
      case 'VariableDeclaration':
        this.declaration(node);
        return;
      case 'IfStatement':
        this.ifStatement(node);
        return;
      case 'ForStatement':
        this.forStatement(node, labels);
        return;
      case 'WhileStatement':
        this.whileStatement(node, labels);
        return;
      case 'DoWhileStatement':
        this.doWhileStatement(node, labels);
        return;
      case 'BreakStatement':
      case 'ContinueStatement':
        this.jumpStatement(node);
        return;
      case 'LabeledStatement':
        this.pendingLabels = [...labels, (node.label as Node).name as string];
        this.statement(node.body as Node);
        return;
      case 'SwitchStatement':
        this.switchStatement(node, labels);
        return;
      case 'ReturnStatement':
        this.returnStatement(node, node.argument as Node | null);
        return;
      case 'ThrowStatement':
        this.throwStatement(node);
        return;
      case 'FunctionDeclaration':
        throw this.source.error(
          ErrorCode.unsupported,
          'functions cannot be declared inside a kernel; define a device function outside it',
          node.start,
          node.end,
        );
      case 'ForOfStatement':
      case 'ForInStatement':
        throw this.source.error(
          ErrorCode.unsupported,
          `${node.type === 'ForOfStatement' ? 'for-of' : 'for-in'} loops are not supported; use an indexed for loop`,
          node.start,
          node.end,
        );
      case 'TryStatement':
        throw this.source.error(
          ErrorCode.unsupported,
          'try/catch is not supported in kernels',
          node.start,
          node.end,
        );
      default:
        this.fail(ErrorCode.unsupported, unsupportedConstruct(node), node);
    }
  }

  /**
   * `return argument` (of `node`, at `span`). In the nullable variant a value is lowered by
   * {@link undefinedOr}, and every return goes to the exit {@link nullableExit} makes; one with
   * no value (or the end of the body) returns JavaScript's `undefined`.
   */
  private returnStatement(node: Node, argument: Node | null, span = this.span(node)): void {
    if (!this.nullable) {
      const value = argument ? this.expression(argument) : undefined;
      this.terminate({ kind: 'return', value, span });
      return;
    }
    const undefinedAt = () => {
      this.undefinedReturn ??= this.newBlock('return.undefined');
      return this.undefinedReturn;
    };
    if (argument === null) {
      this.jump(undefinedAt(), span);
      return;
    }
    const value = this.undefinedOr(argument, undefinedAt);
    // Code after a jump (`return a[-1]`, always undefined) returns nothing.
    if (!this.isOpen() || this.dead(this.block)) return;
    this.returns.push({ block: this.block, value });
    // The exit is made last, once every return is known: a jump names it then.
    this.terminate({ kind: 'unreachable', span: this.span(node) });
  }

  /**
   * The nullable variant's one return: the tuple `[value, defined]`, where `defined` is false
   * on the paths that return JavaScript's `undefined` (an element read outside its array, in
   * this function or in a nullable call it returns), whose value is undefined and never read:
   * the caller's `??` takes its right side there.
   */
  private nullableExit(at: Node): void {
    const exit = this.newBlock('return.exit');
    const values: Instruction[] = [];
    const flags: Instruction[] = [];
    const blocks: Block[] = [];
    const arrive = (block: Block, value: Instruction, defined: boolean) => {
      this.block = block;
      block.terminator = undefined;
      flags.push(this.emit({ op: 'const', value: defined }, [], at));
      this.jump(exit, this.span(at));
      values.push(value);
      blocks.push(block);
    };
    for (const { block, value } of this.returns) arrive(block, value, true);
    if (this.undefinedReturn !== undefined) {
      const block = this.undefinedReturn;
      this.seal(block);
      // With no value returned anywhere, a number stands for it: no caller reads it.
      this.block = block;
      const none = this.returns.length === 0 ? this.emit({ op: 'const', value: 0 }, [], at) : undefined;
      arrive(block, none ?? this.undef(block, this.span(at)), false);
    }
    this.seal(exit);
    this.enter(exit);
    const value = this.emit({ op: 'phi', blocks, value: true }, values, at);
    const defined = this.emit({ op: 'phi', blocks: [...blocks], value: true }, flags, at);
    const pair = this.emit({ op: 'tuple' }, [value, defined], at);
    this.terminate({ kind: 'return', value: pair, span: this.span(at) });
  }

  private declaration(node: Node): void {
    const kind = node.kind as string;
    if (kind !== 'let' && kind !== 'const') {
      this.fail(ErrorCode.unsupported, `'${kind}' declarations are not supported; use let or const`, node);
    }
    for (const declarator of node.declarations as Node[]) {
      const init = declarator.init as Node | null;
      const id = declarator.id as Node;
      if (!init) {
        if (kind === 'const') this.fail(ErrorCode.syntax, 'a const needs an initializer', declarator);
        if (id.type !== 'Identifier') this.fail(ErrorCode.unsupported, 'a pattern needs an initializer', id);
        this.declare(id.name as string, false, this.undef(this.block, this.span(id)), id);
        continue;
      }
      const value = this.expression(init);
      this.bindPattern(id, value, kind === 'const');
    }
  }

  /** Binds an identifier or a destructuring pattern of records and tuples. */
  private bindPattern(pattern: Node, value: Instruction, constant: boolean): void {
    this.destructure(pattern, value, (leaf, field) => {
      if (leaf.type !== 'Identifier')
        this.fail(ErrorCode.unsupported, `${describe(leaf)} cannot be bound`, leaf);
      this.declare(leaf.name as string, constant, field, leaf);
    });
  }

  /**
   * Destructures `value` by `pattern` (of a declaration or an assignment), handing each target
   * that is no pattern, in the order JavaScript assigns them, to `leaf` with its field.
   */
  private destructure(
    pattern: Node,
    value: Instruction,
    leaf: (target: Node, field: Instruction) => void,
  ): void {
    switch (pattern.type) {
      case 'ObjectPattern':
        for (const property of pattern.properties as Node[]) {
          if (property.type === 'RestElement') this.fail(ErrorCode.unsupported, REST_PATTERN, property);
          const key = property.key as Node;
          // A computed key is a constant string (`{ ['x']: v }`, `{ [k]: v }`), or read as
          // `value[key]` is (a string of the scope is a field's name there).
          const name = property.computed ? this.keyName(key) : (key.name as string | undefined);
          if (property.type !== 'Property' || (name === undefined && !property.computed)) {
            this.fail(ErrorCode.unsupported, 'only plain names can be destructured from records', property);
          }
          // `const { length } = xs` reads what `xs.length` reads (a record's field of that name).
          const field =
            name === undefined
              ? this.emit({ op: 'index' }, [value, this.expression(key)], key, [property, key])
              : name === 'length'
                ? this.emit({ op: 'length' }, [value], key)
                : this.emit({ op: 'field', name }, [value], key);
          this.destructure(property.value as Node, field, leaf);
        }
        return;
      case 'ArrayPattern':
        (pattern.elements as (Node | null)[]).forEach((element, index) => {
          if (element === null) return;
          if (element.type === 'RestElement') this.fail(ErrorCode.unsupported, REST_PATTERN, element);
          const field = this.emit({ op: 'field', name: String(index) }, [value], element);
          this.destructure(element, field, leaf);
        });
        return;
      case 'AssignmentPattern':
        this.fail(
          ErrorCode.unsupported,
          'default values in destructuring are not supported: a record or tuple has every field its type has',
          pattern,
        );
        return;
      default:
        leaf(pattern, value);
    }
  }

  /** A value's truthiness; `&&` and `||` here combine their operands' truthiness. */
  private condition(node: Node): Instruction {
    const inner = unparenthesized(node);
    if (inner.type === 'LogicalExpression' && inner.operator !== '??') {
      const left = this.condition(inner.left as Node);
      return this.shortCircuit(inner, left, (right) => this.condition(right), true);
    }
    return this.emit({ op: 'truthy' }, [this.expression(node)], node);
  }

  /** A loop's condition, its comparisons marked as loop tests. */
  private loopCondition(node: Node): Instruction {
    const outer = this.inLoopTest;
    this.inLoopTest = true;
    try {
      return this.condition(node);
    } finally {
      this.inLoopTest = outer;
    }
  }

  /**
   * Ends the block with a branch on a condition, located at its test. A literal condition
   * (`while (true)`, `do … while (false)`, `if (0)`) jumps to the side it takes, so that the
   * other is unreachable as in JavaScript: the end of a function after `while (true)` returns
   * nothing on no path. Not where `fold` is false: a merge of values, whose type is its
   * operands' whatever the condition (inference removes the untaken side).
   */
  private branch(
    condition: Instruction,
    ifTrue: Block,
    ifFalse: Block,
    test: Node,
    unroll?: UnrollHint,
    fold = true,
  ): void {
    const known = fold ? knownTruth(condition) : undefined;
    // A do-while's hint stays on its back edge (`ifTrue`).
    if (known !== undefined) this.jump(known ? ifTrue : ifFalse, this.span(test), known ? unroll : undefined);
    else
      this.terminate({
        kind: 'branch',
        condition,
        ifTrue,
        ifFalse,
        span: this.span(test),
        ...(unroll === undefined ? {} : { unroll }),
      });
  }

  private ifStatement(node: Node): void {
    // `if (i >= n) break;` ends a loop as its condition would: its comparisons are loop tests
    // (only inside a loop: a labelled block or a switch left by `break` repeats nothing).
    const exits = this.targets.some((t) => t.continueTo !== undefined) && leavesLoop(node.consequent as Node);
    const condition = exits ? this.loopCondition(node.test as Node) : this.condition(node.test as Node);
    const thenBlock = this.newBlock('if.then');
    const join = this.newBlock('if.end');
    const alternate = node.alternate as Node | null;
    const elseBlock = alternate ? this.newBlock('if.else') : join;
    this.branch(condition, thenBlock, elseBlock, node.test as Node);
    this.seal(thenBlock);
    this.enter(thenBlock);
    this.statement(node.consequent as Node);
    this.jump(join, this.span(node, true));
    if (alternate) {
      this.seal(elseBlock);
      this.enter(elseBlock);
      this.statement(alternate);
      this.jump(join, this.span(node, true));
    }
    this.seal(join);
    this.enter(join);
  }

  /** Runs a loop body with its break and continue targets. */
  private loop(labels: string[], breakTo: Block, continueTo: Block, body: () => void): void {
    this.targets.push({ labels, breakTo, continueTo });
    try {
      body();
    } finally {
      this.targets.pop();
    }
  }

  private forStatement(node: Node, labels: string[]): void {
    const unroll = this.takeUnroll();
    this.scoped(() => {
      const init = node.init as Node | null;
      if (init) {
        if (init.type === 'VariableDeclaration') this.declaration(init);
        else this.expression(init, true);
      }
      const header = this.newBlock('for.cond');
      const body = this.newBlock('for.body');
      const update = this.newBlock('for.inc');
      const exit = this.newBlock('for.end');
      this.jump(header, this.span(node));
      this.enter(header);
      const test = node.test as Node | null;
      if (test) {
        const condition = this.loopCondition(test);
        this.branch(condition, body, exit, test);
      } else {
        this.jump(body, this.span(node));
      }
      this.seal(body);
      this.enter(body);
      this.loop(labels, exit, update, () => this.scoped(() => this.statement(node.body as Node)));
      this.jump(update, this.span(node, true));
      this.seal(update);
      this.enter(update);
      const step = node.update as Node | null;
      if (step) this.expression(step, true);
      this.jump(header, this.span(node, true), unroll);
      this.seal(header);
      this.seal(exit);
      this.enter(exit);
    });
  }

  private whileStatement(node: Node, labels: string[]): void {
    const unroll = this.takeUnroll();
    const header = this.newBlock('while.cond');
    const body = this.newBlock('while.body');
    const exit = this.newBlock('while.end');
    this.jump(header, this.span(node));
    this.enter(header);
    const condition = this.loopCondition(node.test as Node);
    this.branch(condition, body, exit, node.test as Node);
    this.seal(body);
    this.enter(body);
    this.loop(labels, exit, header, () => this.scoped(() => this.statement(node.body as Node)));
    this.jump(header, this.span(node, true), unroll);
    this.seal(header);
    this.seal(exit);
    this.enter(exit);
  }

  private doWhileStatement(node: Node, labels: string[]): void {
    const unroll = this.takeUnroll();
    const body = this.newBlock('do.body');
    const test = this.newBlock('do.cond');
    const exit = this.newBlock('do.end');
    this.jump(body, this.span(node));
    this.enter(body);
    this.loop(labels, exit, test, () => this.scoped(() => this.statement(node.body as Node)));
    this.jump(test, this.span(node, true));
    this.seal(test);
    this.enter(test);
    this.branch(this.loopCondition(node.test as Node), body, exit, node.test as Node, unroll);
    this.seal(body);
    this.seal(exit);
    this.enter(exit);
  }

  private labelled(node: Node, labels: string[], body: () => void): void {
    const exit = this.newBlock('block.end');
    this.targets.push({ labels, breakTo: exit, continueTo: undefined, labelledOnly: true });
    try {
      body();
    } finally {
      this.targets.pop();
    }
    this.jump(exit, this.span(node, true));
    this.seal(exit);
    this.enter(exit);
  }

  private jumpStatement(node: Node): void {
    const isBreak = node.type === 'BreakStatement';
    const label = (node.label as Node | null)?.name as string | undefined;
    for (let i = this.targets.length - 1; i >= 0; i--) {
      const target = this.targets[i] as LoopTarget;
      const skip =
        label !== undefined
          ? !target.labels.includes(label)
          : target.labelledOnly === true || (!isBreak && target.continueTo === undefined);
      if (skip) continue;
      const destination = isBreak ? target.breakTo : target.continueTo;
      if (destination === undefined) {
        this.fail(ErrorCode.badJump, `'continue ${label}' does not name a loop`, node);
      }
      this.jump(destination, this.span(node));
      return;
    }
    const what =
      label !== undefined
        ? `label '${label}' is not defined here`
        : `'${isBreak ? 'break' : 'continue'}' outside a loop`;
    this.fail(ErrorCode.badJump, what, node);
  }

  private switchStatement(node: Node, labels: string[]): void {
    const discriminant = this.expression(node.discriminant as Node);
    const cases = node.cases as Node[];
    const exit = this.newBlock('switch.end');
    const bodies = cases.map(() => this.newBlock('switch.case'));
    const defaultIndex = cases.findIndex((c) => c.test === null);
    // Tests run in order; the default runs when none matches, wherever it stands.
    for (let i = 0; i < cases.length; i++) {
      const test = cases[i]?.test as Node | null;
      if (test === null) continue;
      const value = this.expression(test);
      const equal = this.emit({ op: 'compare', operator: '==' }, [discriminant, value], test);
      const next = this.newBlock('switch.test');
      this.branch(equal, bodies[i] as Block, next, test);
      this.seal(next);
      this.enter(next);
    }
    this.jump(defaultIndex >= 0 ? (bodies[defaultIndex] as Block) : exit, this.span(node));
    this.targets.push({ labels, breakTo: exit, continueTo: undefined });
    try {
      this.scoped(() => {
        const scope = this.scopes[this.scopes.length - 1] as Map<string, Variable>;
        this.expectDeclarations(cases.flatMap((c) => c.consequent as Node[]));
        cases.forEach((c, i) => {
          this.switchCases.set(scope, i);
          const body = bodies[i] as Block;
          if (this.isOpen()) this.jump(body, this.span(c)); // fall through
          this.seal(body);
          this.enter(body);
          this.statements(c.consequent as Node[]);
        });
        this.switchCases.delete(scope);
      });
    } finally {
      this.targets.pop();
    }
    this.jump(exit, this.span(node, true));
    this.seal(exit);
    this.enter(exit);
  }

  private throwStatement(node: Node): void {
    const argument = node.argument as Node;
    const callee = argument.callee as Node | undefined;
    const [message] = (argument.arguments as Node[] | undefined) ?? [];
    const isError =
      (argument.type === 'NewExpression' || argument.type === 'CallExpression') &&
      callee?.type === 'Identifier' &&
      callee.name === 'Error' &&
      !this.lookup('Error');
    if (
      !isError ||
      (message !== undefined && (message.type !== 'Literal' || typeof message.value !== 'string'))
    ) {
      this.fail(ErrorCode.unsupported, "kernels can only throw new Error('a constant message')", argument);
    }
    this.terminate({
      kind: 'throw',
      message: (message?.value as string | undefined) ?? 'Error',
      span: this.span(node),
    });
  }

  // ---- expressions

  /** Lowers an expression; `discarded` allows assignments and calls with no value. */
  private expression(written: Node, discarded = false): Instruction {
    return this.expressionOf(unparenthesized(written), discarded);
  }

  private expressionOf(node: Node, discarded: boolean): Instruction {
    switch (node.type) {
      case 'Literal':
        return this.literal(node);
      case 'Identifier':
        return this.identifier(node);
      case 'ParenthesizedExpression':
      case 'TSAsExpression':
      case 'TSSatisfiesExpression':
      case 'TSNonNullExpression':
      case 'TSTypeAssertion':
        return this.expression(node.expression as Node, discarded);
      case 'BinaryExpression':
        return this.binary(node);
      case 'LogicalExpression':
        return this.logical(node, discarded);
      case 'UnaryExpression':
        return this.unary(node);
      case 'UpdateExpression':
        return this.update(node);
      case 'AssignmentExpression':
        return this.assignment(node, discarded);
      case 'ConditionalExpression':
        return this.conditional(node, discarded);
      case 'CallExpression':
        return this.call(node);
      case 'NewExpression':
        return this.newExpression(node);
      case 'MemberExpression':
        return this.member(node);
      case 'ObjectExpression':
        return this.objectLiteral(node);
      case 'ArrayExpression':
        return this.arrayLiteral(node);
      case 'SequenceExpression': {
        const list = node.expressions as Node[];
        list.slice(0, -1).forEach((e) => {
          this.expression(e, true);
        });
        return this.expression(list[list.length - 1] as Node, discarded);
      }
      case 'ArrowFunctionExpression':
      case 'FunctionExpression':
        return this.fail(
          ErrorCode.unsupported,
          'functions cannot be created inside a kernel; define a device function outside it and pass or call it',
          node,
        );
      case 'TemplateLiteral':
        return this.fail(
          ErrorCode.unsupported,
          'template strings are not supported; use console.log with a format',
          node,
        );
      default:
        return this.fail(ErrorCode.unsupported, unsupportedConstruct(node), node);
    }
  }

  private literal(node: Node): Instruction {
    const value = node.value;
    if (typeof node.bigint === 'string')
      return this.emit({ op: 'const', value: BigInt(node.bigint) }, [], node);
    if (typeof value === 'number') {
      const float = writtenAsFloat(this.source.text.slice(node.start, node.end));
      return this.emit({ op: 'const', value, float }, [], node);
    }
    if (typeof value === 'boolean' || typeof value === 'string') {
      return this.emit({ op: 'const', value }, [], node);
    }
    return this.fail(ErrorCode.unsupported, unsupportedLiteral(node), node);
  }

  private identifier(node: Node): Instruction {
    const variable = this.use(node.name as string, node);
    if (variable) return this.read(variable, this.block, this.span(node));
    return this.outer(this.outerName(node.name as string), node);
  }

  /**
   * The member a toolchain's module namespace stands for (`core_1.gpu`, `import_core.f32`, see
   * imports.ts), as the name the source imported; undefined for any other expression.
   */
  private namespaceMember(written: Node): string | undefined {
    const node = this.constantKey(written);
    if (node.type !== 'MemberExpression' || node.computed) return undefined;
    const object = unparenthesized(node.object as Node);
    if (object.type !== 'Identifier' || this.lookup(object.name as string)) return undefined;
    return isModuleNamespace(this.source, object.name as string)
      ? this.outerName((node.property as Node).name as string)
      : undefined;
  }

  /** A name that is not local, as written at `node`. */
  private outer(name: string, node: Node): Instruction {
    if (name === 'undefined')
      return this.fail(ErrorCode.unsupported, 'undefined is not a value in kernels', node);
    if (name === 'arguments')
      return this.fail(
        ErrorCode.unsupported,
        "'arguments' is not supported in kernels; name the parameters",
        node,
      );
    if (name === 'NaN') return this.emit({ op: 'const', value: Number.NaN }, [], node);
    if (name === 'Infinity') return this.emit({ op: 'const', value: Number.POSITIVE_INFINITY }, [], node);
    if (NAMESPACES.has(name)) {
      return this.fail(
        ErrorCode.unsupported,
        `'${name}' can only be used to reach its members (${name}.something)`,
        node,
      );
    }
    return this.emit({ op: 'global', name }, [], node);
  }

  /**
   * A binary operator. A left-nested chain (`a + b + c + ...`, as generated code writes
   * polynomials) is lowered by a loop down its left operands, not by recursion, so that its
   * length is not bounded by the stack.
   */
  private binary(node: Node): Instruction {
    const spine: Node[] = [];
    let leftmost: Node = node;
    while (leftmost.type === 'BinaryExpression') {
      spine.push(leftmost);
      leftmost = unparenthesized(leftmost.left as Node);
    }
    let left = this.expression(leftmost);
    for (let i = spine.length - 1; i >= 0; i--) left = this.binaryStep(spine[i] as Node, left);
    return left;
  }

  private binaryStep(node: Node, left: Instruction): Instruction {
    const operator = node.operator as string;
    const compare = COMPARE[operator];
    if (!compare && !BINARY.has(operator)) {
      this.fail(ErrorCode.unsupported, `the '${operator}' operator is not supported in kernels`, node);
    }
    const right = this.expression(node.right as Node);
    if (!compare) return this.arithmetic(operator as BinaryOperator, left, right, node);
    const operation: Operation = {
      op: 'compare',
      operator: compare,
      ...(this.inLoopTest ? { loopTest: true } : {}),
    };
    return this.emit(operation, [left, right], node);
  }

  /**
   * `left operator right`, also of an assignment (`i += 1`) or update (`i++`, a `step`). Literals
   * (a variable just assigned one included) fold as JavaScript computes them; a division or power
   * is a float literal, as inference types it, and bitwise operators and shifts give integers
   * whatever their operands.
   */
  private arithmetic(
    operator: BinaryOperator,
    left: Instruction,
    right: Instruction,
    node: Node,
    step = false,
  ): Instruction {
    if (isNumber(left) && isNumber(right)) {
      const float =
        !BITWISE.has(operator) &&
        (left.float === true || right.float === true || operator === '/' || operator === '**');
      return this.emit(
        { op: 'const', value: foldBinary(operator, left.value, right.value), float },
        [],
        node,
      );
    }
    return this.emit({ op: 'binary', operator, ...(step ? { step: true } : {}) }, [left, right], node);
  }

  /**
   * `a && b`, `a || b` and `a ?? b` as values: the operand JavaScript yields (`a` when it is
   * truthy, for `||`), merged by a phi, so that both operands' types join. Kernel values are
   * never null or undefined, so `a ?? b` is `a` and `b` never runs. As conditions they lower
   * through `condition`, on the operands' truthiness. `discarded` (a statement, `p && (v = x);`,
   * `p && f(a);`): only the control flow, merging no value, so the operands may be of any types
   * and the right one a call with none; what is returned is `a`, which nothing reads.
   */
  private logical(node: Node, discarded: boolean): Instruction {
    const operator = node.operator as string;
    if (operator === '??')
      return this.nullish(
        node,
        (undefinedAt) => this.undefinedOr(node.left as Node, undefinedAt),
        () => this.expression(node.right as Node, discarded),
        !discarded,
      );
    const left = this.expression(node.left as Node);
    if (!discarded) return this.shortCircuit(node, left, (right) => this.expression(right));
    this.operandRuns(node, left, (right) => this.expression(right, true), true);
    return left;
  }

  /**
   * `left ?? right` of `node`: `left` lowered by {@link undefinedOr}, and where it is undefined
   * (an element read past its array, however it reaches `left`: `(c ? a[i] : b[j]) ?? d`,
   * `(k++, a[i]) ?? d`, `a[i] ?? b[j] ?? d`), `right` lowered by `fallback` runs instead. Kernel
   * values are never null: with no such read, `right` never runs and is not lowered. The two
   * are merged by a phi unless `merge` is false (then `left`'s value, which nothing reads).
   */
  private nullish(
    node: Node,
    left: (undefinedAt: () => Block) => Instruction,
    fallback: () => Instruction,
    merge = true,
  ): Instruction {
    let otherwise: Block | undefined;
    const value = left(() => {
      otherwise ??= this.newBlock('nullish.default');
      return otherwise;
    });
    if (otherwise === undefined) return value;
    const valueEnd = this.block;
    const join = this.newBlock('nullish.end');
    this.jump(join, this.span(node));
    this.seal(otherwise);
    this.enter(otherwise);
    const fallen = fallback();
    const otherwiseEnd = this.block;
    this.jump(join, this.span(node));
    this.seal(join);
    this.enter(join);
    if (!merge) return value;
    return this.emit({ op: 'phi', blocks: [valueEnd, otherwiseEnd], value: true }, [value, fallen], node);
  }

  /**
   * `written`, JavaScript's value of which may be undefined: there, code jumps to the block
   * `undefinedAt` gives (made on first use), and what is returned is the value elsewhere. An
   * element read with a number index is undefined outside its array or tuple; the forms that
   * pass an operand's value on pass that on (an arm of `?:`, a sequence's last expression, the
   * operands of `??`, `||` (an undefined left side is falsy) and `&&`, a TypeScript assertion,
   * `??=`). An assignment of a value that may be undefined (`(t = a[i]) ?? d`) would store
   * `undefined`, which no kernel variable or array holds: an `unsupported` error. Anything else
   * is never undefined.
   */
  private undefinedOr(written: Node, undefinedAt: () => Block): Instruction {
    const node = unparenthesized(written);
    switch (node.type) {
      case 'MemberExpression': {
        const read = this.constantKey(node);
        if (!read.computed || !this.numberKey(read.property as Node) || this.keyedMember(read) !== undefined)
          break;
        const object = this.expression(read.object as Node);
        const index = this.expression(read.property as Node);
        return this.elementOr(object, index, node, [read.object as Node, read.property as Node], undefinedAt);
      }
      case 'CallExpression': {
        const call = this.call(node, true);
        if (!('nullable' in call)) return call;
        const defined = this.emit({ op: 'field', name: '1' }, [call], node);
        const within = this.newBlock('nullish.returned');
        this.branch(defined, within, undefinedAt(), node);
        this.seal(within);
        this.enter(within);
        return this.emit({ op: 'field', name: '0' }, [call], node);
      }
      case 'TSAsExpression':
      case 'TSSatisfiesExpression':
      case 'TSNonNullExpression':
      case 'TSTypeAssertion':
        return this.undefinedOr(node.expression as Node, undefinedAt);
      case 'ConditionalExpression':
        return this.conditional(node, false, (arm) => this.undefinedOr(arm, undefinedAt));
      case 'SequenceExpression': {
        const list = node.expressions as Node[];
        for (const e of list.slice(0, -1)) this.expression(e, true);
        return this.undefinedOr(list[list.length - 1] as Node, undefinedAt);
      }
      case 'LogicalExpression': {
        const right = (n: Node) => this.undefinedOr(n, undefinedAt);
        if (node.operator === '??')
          return this.nullish(
            node,
            (at) => this.undefinedOr(node.left as Node, at),
            () => right(node.right as Node),
          );
        if (node.operator === '&&')
          return this.shortCircuit(node, this.undefinedOr(node.left as Node, undefinedAt), right);
        // `||`: an undefined left side is falsy, so the right side runs there too.
        return this.orElse(node, right);
      }
      case 'AssignmentExpression': {
        if (node.operator === '??=')
          return this.assignment(node, false, (n, storeUndefined) =>
            this.storedOr(n, storeUndefined, undefinedAt),
          );
        if (node.operator !== '=' && node.operator !== '||=' && node.operator !== '&&=') break;
        return this.assignment(node, false, (n) =>
          this.undefinedOr(n, () =>
            this.fail(
              ErrorCode.unsupported,
              `this element may be outside its array, where JavaScript assigns undefined, which no kernel variable or array holds; assign \`${this.source.text.slice(n.start, n.end)} ?? value\` instead`,
              n,
            ),
          ),
        );
      }
    }
    return this.expression(node);
  }

  /**
   * `written`, the right side of `a[i] ??= written` where `i` is outside `a`, lowered by
   * {@link undefinedOr}: where it is undefined JavaScript stores that undefined in `a[i]`,
   * converting it as `a` does (`storeUndefined`: a BigInt array throws there), before the
   * value, undefined, goes to `undefinedAt()`.
   */
  private storedOr(
    written: Node,
    storeUndefined: ((at: Node) => void) | undefined,
    undefinedAt: () => Block,
  ): Instruction {
    let stored: Block | undefined;
    const value = this.undefinedOr(written, () => {
      stored ??= this.newBlock('nullish.store');
      return stored;
    });
    if (stored === undefined) return value;
    const end = this.block;
    this.seal(stored);
    this.enter(stored);
    storeUndefined?.(written);
    this.jump(undefinedAt(), this.span(written));
    this.enter(end);
    return value;
  }

  /**
   * The element `object[index]` (`written`, its operands at `operands`) where `0 <= index <
   * object.length`; elsewhere JavaScript reads undefined, and code jumps to `undefinedAt()`. A
   * constant index no array holds an element at (negative, fractional, NaN) always jumps.
   * `assigned`: the place of a `??=`.
   */
  private elementOr(
    object: Instruction,
    index: Instruction,
    written: Node,
    operands: readonly Node[],
    undefinedAt: () => Block,
    assigned = false,
  ): Instruction {
    if (
      index.op === 'const' &&
      typeof index.value === 'number' &&
      !(Number.isInteger(index.value) && index.value >= 0)
    ) {
      this.jump(undefinedAt(), this.span(written));
      this.enterDead();
    } else {
      const inside = this.newBlock('nullish.inside');
      const within = this.newBlock('nullish.element');
      const zero = this.emit({ op: 'const', value: 0 }, [], written);
      this.branch(
        this.emit({ op: 'compare', operator: '>=' }, [index, zero], written),
        inside,
        undefinedAt(),
        written,
      );
      this.seal(inside);
      this.enter(inside);
      const length = this.emit({ op: 'length' }, [object], written);
      this.branch(
        this.emit({ op: 'compare', operator: '<' }, [index, length], written),
        within,
        undefinedAt(),
        written,
      );
      this.seal(within);
      this.enter(within);
    }
    return this.emit(
      { op: 'index', guarded: true, ...(assigned ? { assigned } : {}) },
      [object, index],
      written,
      operands,
    );
  }

  /**
   * Whether an element read's key may be a number index: not a string, nor a name of the scope
   * (which may hold one, naming a member).
   */
  private numberKey(written: Node): boolean {
    const key = unparenthesized(written);
    if (key.type === 'Identifier') return this.lookup(key.name as string) !== undefined;
    return !(key.type === 'Literal' && typeof key.value !== 'number');
  }

  /**
   * `&&` and `||` as values: the control flow of {@link operandRuns}, then the merge of `left`
   * with what `lowerRight` makes of the right operand. A literal left side that is the value
   * (`false && x`, `1 || x`) does not decide here which operand runs (unless `fold`: a
   * condition's truths, `while (1 || x)`): the merge's type is both operands', as for any other
   * left side; inference removes the side that never runs once types are known. `right`: the
   * right operand's block, made beforehand where `left`'s lowering jumps there ({@link orElse}).
   */
  private shortCircuit(
    node: Node,
    left: Instruction,
    lowerRight: (right: Node) => Instruction,
    fold = false,
    right?: Block,
  ): Instruction {
    const { from, rightEnd, value } = this.operandRuns(node, left, lowerRight, fold, right);
    return this.emit({ op: 'phi', blocks: [from, rightEnd], value: true }, [left, value], node);
  }

  /**
   * `left || right` where `left` may be undefined ({@link undefinedOr}): falsy there, so the
   * right operand (lowered by `lowerRight`) runs both where `left` is falsy and there.
   */
  private orElse(node: Node, lowerRight: (right: Node) => Instruction): Instruction {
    const right = this.newBlock('or.rhs');
    const left = this.undefinedOr(node.left as Node, () => right);
    return this.shortCircuit(node, left, lowerRight, false, right);
  }

  /**
   * The control flow of `&&` and `||`: `left` decides whether the right operand runs (a
   * literal decides it at compile time where `fold`, or where it lets the right operand run);
   * the blocks it is left from and what `lowerRight` made of the right operand.
   */
  private operandRuns(
    node: Node,
    left: Instruction,
    lowerRight: (right: Node) => Instruction,
    fold: boolean,
    right = this.newBlock(node.operator === '&&' ? 'and.rhs' : 'or.rhs'),
  ): { from: Block; rightEnd: Block; value: Instruction } {
    const operator = node.operator as string;
    const test = left.op === 'truthy' ? left : this.emit({ op: 'truthy' }, [left], node.left as Node);
    const from = this.block;
    const join = this.newBlock(operator === '&&' ? 'and.end' : 'or.end');
    // A literal JavaScript never yields (`true && x`, `0 || x`) is no operand of the merge.
    const decided = fold || knownTruth(test) === (operator === '&&');
    if (operator === '&&') this.branch(test, right, join, node.left as Node, undefined, decided);
    else this.branch(test, join, right, node.left as Node, undefined, decided);
    this.seal(right);
    this.enter(right);
    const value = lowerRight(node.right as Node);
    const rightEnd = this.block;
    this.jump(join, this.span(node));
    this.seal(join);
    this.enter(join);
    return { from, rightEnd, value };
  }

  private unary(node: Node): Instruction {
    const operator = node.operator as string;
    if (!['-', '+', '!', '~'].includes(operator)) {
      this.fail(ErrorCode.unsupported, `the '${operator}' operator is not supported in kernels`, node);
    }
    const argument = node.argument as Node;
    if (operator === '!') return this.emit({ op: 'unary', operator: '!' }, [this.condition(argument)], node);
    const value = this.expression(argument);
    if (isNumber(value)) {
      const folded = foldUnary(operator as '-' | '+' | '~', value.value);
      return this.emit(
        { op: 'const', value: folded, float: operator !== '~' && value.float === true },
        [],
        node,
      );
    }
    // A negated BigInt literal is the literal JavaScript makes: -9223372036854775808n is i64's
    // minimum, not the negation of a u64 (`+` of a BigInt is a type error, left to inference).
    if (value.op === 'const' && typeof value.value === 'bigint' && operator !== '+')
      return this.emit({ op: 'const', value: operator === '-' ? -value.value : ~value.value }, [], node);
    return this.emit({ op: 'unary', operator: operator as UnaryOperator }, [value], node);
  }

  /** `x++`, `--a[i]`...: the new value is stored; the expression is the old or new value. */
  private update(node: Node): Instruction {
    const place = this.place(node.argument as Node, node);
    const old = place.read();
    const one = this.emit({ op: 'const', value: 1 }, [], node);
    const operator = node.operator === '++' ? '+' : '-';
    const updated = this.arithmetic(operator, old, one, node, true);
    place.write(updated);
    return node.prefix ? updated : old;
  }

  /**
   * `target operator= right`; `discarded`: only the store happens, so a logical assignment
   * merges no value (`a[i] ||= b` of a u64 array and an i64 `b` stores `b` converted, as
   * JavaScript's BigUint64Array does).
   */
  private assignment(
    node: Node,
    discarded: boolean,
    lowerRight: (right: Node, storeUndefined?: (at: Node) => void) => Instruction = (right) =>
      this.expression(right),
  ): Instruction {
    const operator = node.operator as string;
    const target = node.left as Node;
    // The target's array and index are evaluated before the right side, as in JavaScript.
    if (operator === '=' && (target.type === 'ArrayPattern' || target.type === 'ObjectPattern')) {
      // `[a, b] = [b, a]`: the right side first, whole, then each target in turn, as in
      // JavaScript; the value is the right side.
      const value = lowerRight(node.right as Node);
      this.destructure(target, value, (leaf, field) => this.place(leaf, node).write(field));
      return value;
    }
    const place = this.place(target, node);
    if (operator === '=') {
      const value = lowerRight(node.right as Node);
      place.write(value);
      return value;
    }
    const binary = operator.slice(0, -1);
    if (binary === '??') {
      // `a ??= b` never assigns, as kernel values are never null or undefined, but for an
      // element outside its array: JavaScript reads undefined there, so `b` runs (its store
      // writes nothing outside the array) and is the value.
      const element = place.element;
      if (element === undefined) return place.read();
      const right = node.right as Node;
      return this.nullish(
        node,
        element,
        () => (discarded ? this.expression(right, true) : lowerRight(right, place.storeUndefined)),
        !discarded,
      );
    }
    if (binary === '||' || binary === '&&') {
      // `a ||= b` assigns only when `a` is falsy (`&&=`: truthy).
      const old = place.read();
      const logical = { ...node, operator: binary, left: target } as Node;
      const assign = (right: Node) => {
        const value = lowerRight(right);
        place.write(value);
        return value;
      };
      if (!discarded) return this.shortCircuit(logical, old, assign);
      this.operandRuns(logical, old, assign, true);
      return old;
    }
    if (!BINARY.has(binary))
      this.fail(ErrorCode.unsupported, `the '${operator}' operator is not supported`, node);
    const old = place.read();
    const right = this.expression(node.right as Node);
    const value = this.arithmetic(binary as BinaryOperator, old, right, node);
    place.write(value);
    return value;
  }

  /**
   * What an assignment or update writes: a variable or an array element, whose array and
   * index are evaluated once (`x[i++] += 1` increments `i` once), however often it is read and
   * written.
   */
  private place(
    written: Node,
    node: Node,
  ): {
    read: () => Instruction;
    write: (value: Instruction) => void;
    /**
     * An element of a number index (not a key naming a member), read only inside its array:
     * elsewhere code jumps to `undefinedAt()` ({@link elementOr}).
     */
    element?: (undefinedAt: () => Block) => Instruction;
    /** Where JavaScript stores `undefined` there, the right side `at` of `??=` being undefined. */
    storeUndefined?: (at: Node) => void;
  } {
    if (written.type === 'ParenthesizedExpression') return this.place(written.expression as Node, node);
    const target = this.constantKey(written);
    if (target.type === 'Identifier') {
      const name = target.name as string;
      return {
        read: () => this.expression(target),
        write: (value) => {
          const variable = this.use(name, target);
          if (!variable) {
            this.fail(
              ErrorCode.invalidAssignment,
              `'${name}' is not a local variable; kernels cannot assign to outer names`,
              target,
            );
          }
          if (variable.constant) this.fail(ErrorCode.invalidAssignment, `'${name}' is a const`, target);
          this.write(variable, this.block, value);
        },
      };
    }
    const keyed = this.keyedMember(target);
    if (keyed !== undefined)
      this.fail(ErrorCode.invalidAssignment, `${keyed.base}'s members are read-only`, target);
    if (target.type === 'MemberExpression' && target.computed) {
      const array = this.expression(target.object as Node);
      const index = this.expression(target.property as Node);
      // The value stored is written on the right of a plain `=`; otherwise it is the whole update.
      const written =
        node.type === 'AssignmentExpression' && node.operator === '=' ? (node.right as Node) : node;
      return {
        ...(this.numberKey(target.property as Node)
          ? {
              element: (undefinedAt: () => Block) =>
                this.elementOr(
                  array,
                  index,
                  target,
                  [target.object as Node, target.property as Node],
                  undefinedAt,
                  true,
                ),
              storeUndefined: (at: Node) => {
                this.emit({ op: 'store', undefinedValue: true }, [array], at, [target.object as Node]);
              },
            }
          : {}),
        read: () =>
          this.emit({ op: 'index' }, [array, index], target, [
            target.object as Node,
            target.property as Node,
          ]),
        write: (value) => {
          this.emit({ op: 'store' }, [array, index, value], node, [
            target.object as Node,
            target.property as Node,
            written,
          ]);
        },
      };
    }
    if (target.type === 'MemberExpression') {
      const intrinsic = this.qualifiedName(target);
      this.fail(
        ErrorCode.invalidAssignment,
        intrinsic !== undefined
          ? `${intrinsic} is read-only`
          : (target.property as Node).name === 'length'
            ? "an array's length cannot be assigned: arrays in kernels have a fixed length"
            : 'records are immutable in kernels; build a new one instead',
        target,
      );
    }
    return this.fail(ErrorCode.unsupported, `cannot assign to ${describe(target)}`, target);
  }

  /**
   * `c ? a : b`: the arms' values (each lowered by `arm`) merged by a phi, whose type is both
   * arms', also where `c` is a literal (inference removes the untaken arm); `discarded` (a
   * statement, `c ? (v = x) : f(y);`): the arms run for their effects and merge no value, so
   * they may be of any types (a call with none too); what is returned is the condition, which
   * nothing reads.
   */
  private conditional(
    node: Node,
    discarded: boolean,
    arm = (written: Node) => this.expression(written, discarded),
  ): Instruction {
    const condition = this.condition(node.test as Node);
    const thenBlock = this.newBlock('cond.then');
    const elseBlock = this.newBlock('cond.else');
    const join = this.newBlock('cond.end');
    this.branch(condition, thenBlock, elseBlock, node.test as Node, undefined, discarded);
    this.seal(thenBlock);
    this.enter(thenBlock);
    const a = arm(node.consequent as Node);
    const aEnd = this.block;
    this.jump(join, this.span(node));
    this.seal(elseBlock);
    this.enter(elseBlock);
    const b = arm(node.alternate as Node);
    const bEnd = this.block;
    this.jump(join, this.span(node));
    this.seal(join);
    this.enter(join);
    if (discarded) return condition;
    return this.emit({ op: 'phi', blocks: [aEnd, bEnd], value: true }, [a, b], node);
  }

  /**
   * A member expression whose key is a constant string as JavaScript reads it: `o['f']` is the
   * member `o.f` (a field, a method, `length`, `Math['max']`), and so is `o[k]` where `k` is a
   * `const` bound to `'f'`; a literal canonical index (`a['3']`) is `a[3]` (held in a name,
   * inference refuses it). Any other node as it is.
   */
  private constantKey(node: Node): Node {
    if (node.type !== 'MemberExpression' || !node.computed) return node;
    const key = node.property as Node;
    const at = { start: key.start, end: key.end };
    const literal = constantString(key);
    if (literal !== undefined) {
      const index = Number(literal);
      if (String(index) === literal && Number.isInteger(index) && index >= 0)
        return { ...node, property: { type: 'Literal', value: index, raw: literal, ...at } as Node };
    }
    // A number held in a name stays an index, which inference refuses (`bad-index`).
    const held = literal === undefined ? this.keyName(key) : undefined;
    const name = literal ?? (held !== undefined && String(Number(held)) !== held ? held : undefined);
    if (name === undefined) return node;
    return { ...node, computed: false, property: { type: 'Identifier', name, ...at } as Node };
  }

  /** The string a key names: a constant string, or a `const` bound to a string literal. */
  private keyName(key: Node): string | undefined {
    const inner = unparenthesized(key);
    return (
      constantString(inner) ??
      (inner.type === 'Identifier' ? this.lookup(inner.name as string)?.key : undefined)
    );
  }

  /**
   * A member chain rooted at a namespace with a key lowering cannot read (`Math[KEY]`,
   * `gpu[G].x`, a string of the scope): the namespace's dotted name, the members after it
   * (undefined where keyed) and the keys, which inference reads.
   */
  private keyedMember(
    written: Node,
  ): { base: string; path: (string | undefined)[]; keys: Node[] } | undefined {
    const node = this.constantKey(written);
    if (node.type !== 'MemberExpression') return undefined;
    const property = node.property as Node;
    const base = node.computed ? this.qualifiedName(node.object as Node) : undefined;
    if (base !== undefined) return { base, path: [undefined], keys: [property] };
    const inner = this.keyedMember(node.object as Node);
    if (inner === undefined) return undefined;
    return node.computed
      ? { ...inner, path: [...inner.path, undefined], keys: [...inner.keys, property] }
      : { ...inner, path: [...inner.path, property.name as string] };
  }

  /** The dotted name of a member chain rooted at a namespace (`gpu.threadIdx.x`), if it is one. */
  private qualifiedName(written: Node): string | undefined {
    const node = this.constantKey(written);
    if (node.type === 'Identifier') {
      if (this.lookup(node.name as string)) return undefined;
      const name = this.outerName(node.name as string);
      return NAMESPACES.has(name) ? name : undefined;
    }
    const member = this.namespaceMember(node);
    if (member !== undefined) return NAMESPACES.has(member) ? member : undefined;
    if (node.type === 'MemberExpression' && !node.computed) {
      const base = this.qualifiedName(node.object as Node);
      return base === undefined ? undefined : `${base}.${(node.property as Node).name as string}`;
    }
    return undefined;
  }

  /**
   * A call. `nullable` (its value JavaScript may see `undefined`, {@link undefinedOr}): a call of
   * a device function calls its nullable variant (`{ nullable: true }`), which returns
   * `[value, defined]`.
   */
  private call(node: Node, nullable = false): Instruction {
    const callee = this.constantKey(indirectCallee(node.callee as Node));
    const args = node.arguments as Node[];
    for (const arg of args) {
      if (arg.type === 'SpreadElement')
        this.fail(
          ErrorCode.unsupported,
          "spread arguments ('...') are not supported; pass each argument",
          arg,
        );
    }
    const qualified = this.qualifiedName(callee);
    if (qualified === 'console.log') return this.print(node, args);
    if (qualified === 'gpu.unroll') this.misplacedHint(node);
    if (qualified !== undefined) {
      const values = args.map((a) => this.expression(a));
      const rounding = ROUNDING[qualified];
      const [only] = values;
      // Rounding a literal gives an integer literal where it holds one (`Math.floor(7 / 2)` is
      // 3, as if written so), which a wait count or length takes; -0 and huge values stay floats.
      if (rounding && values.length === 1 && only && isNumber(only))
        return this.emit({ op: 'const', value: rounding(only.value), float: false }, [], node);
      // BigInt of an integral literal is the BigInt literal JavaScript makes, as if written so
      // (`BigInt(0xcd9e8d57)`, a float literal past i32, is 3449720151n); of a fraction
      // JavaScript throws, and the call's float argument is refused. Number of a BigInt literal
      // is its exact value rounded, where a 64-bit one would wrap first (2n ** 64n - 1n).
      if (
        qualified === 'BigInt' &&
        values.length === 1 &&
        only &&
        isNumber(only) &&
        Number.isInteger(only.value)
      )
        return this.emit({ op: 'const', value: BigInt(only.value) }, [], node);
      if (
        qualified === 'Number' &&
        values.length === 1 &&
        only?.op === 'const' &&
        typeof only.value === 'bigint'
      )
        return this.emit({ op: 'const', value: Number(only.value), float: true }, [], node);
      return this.emit({ op: 'call', name: qualified }, values, node, args);
    }
    const keyed = this.keyedMember(callee);
    if (keyed !== undefined) {
      return this.emit(
        { op: 'call', name: keyed.base, keyed: keyed.path },
        [...keyed.keys.map((k) => this.expression(k)), ...args.map((a) => this.expression(a))],
        node,
        [...keyed.keys, ...args],
      );
    }
    const member = this.namespaceMember(callee);
    if (member !== undefined || (callee.type === 'Identifier' && !this.lookup(callee.name as string))) {
      const name = member ?? this.outerName(callee.name as string);
      // A conversion (`f32(x)`) is an intrinsic, whose value is never undefined.
      const maybe = nullable && !isIntrinsicName(name) ? { nullable: true as const } : {};
      return this.emit(
        { op: 'call', name, ...maybe },
        args.map((a) => this.expression(a)),
        node,
        args,
      );
    }
    // A view's `get` and `set` are methods; any other member called is a field read, then
    // called (a record's function, `ops.f(x)`), as JavaScript reads it.
    const method =
      callee.type === 'MemberExpression' && !callee.computed ? (callee.property as Node).name : '';
    if (method === 'get' || method === 'set') {
      const object = this.expression(callee.object as Node);
      return this.emit(
        { op: 'call', name: `.${method}` },
        [object, ...args.map((a) => this.expression(a))],
        node,
        [callee.object as Node, ...args],
      );
    }
    const fn = this.expression(callee);
    return this.emit(
      { op: 'callvalue', ...(nullable ? { nullable: true as const } : {}) },
      [fn, ...args.map((a) => this.expression(a))],
      node,
      [callee, ...args],
    );
  }

  private print(node: Node, args: Node[]): Instruction {
    const [format, ...rest] = args;
    if (format?.type !== 'Literal' || typeof format.value !== 'string') {
      this.fail(ErrorCode.unsupported, "console.log needs a constant format string first ('x = %d')", node);
    }
    // Printf reads a value for each directive, passed or not.
    const directives = [...format.value.matchAll(PRINT_DIRECTIVE)].filter((m) => m[1] !== '%').length;
    if (directives !== rest.length) {
      const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
      this.fail(
        ErrorCode.unsupported,
        `console.log's format has ${count(directives, 'directive')} and ${count(rest.length, 'value')}: give one value per directive (%% prints a %)`,
        format,
      );
    }
    return this.emit(
      { op: 'print', format: format.value },
      rest.map((a) => this.expression(a)),
      node,
      rest,
    );
  }

  private newExpression(node: Node): Instruction {
    const callee = node.callee as Node;
    const element = callee.type === 'Identifier' ? TYPED_ARRAYS[callee.name as string] : undefined;
    const [size, ...extra] = node.arguments as Node[];
    if (element === undefined || this.lookup(callee.name as string)) {
      this.fail(ErrorCode.unsupported, unsupportedNew(callee), node);
    }
    // JavaScript would compute with a Float16Bits' bits: only a real Float16Array holds numbers.
    if ((element === 'f16' || element === 'bf16') && callee.name !== 'Float16Array') {
      this.fail(
        ErrorCode.unsupported,
        `a local ${element} array is a Float16Array (where the runtime has one): a ${callee.name as string} holds bits, which plain JavaScript would compute with`,
        node,
      );
    }
    if (size === undefined || extra.length > 0) {
      this.fail(
        ErrorCode.notConstant,
        'a local array needs a positive constant length: new Float32Array(16)',
        extra[0] ?? node,
      );
    }
    // The length (a literal, a scope constant, `N * N`) is an operand until inference evaluates
    // it; the array's `length` is set then.
    const lengthAt = this.span(size);
    return this.emit({ op: 'newarray', element, length: 0, lengthAt }, [this.expression(size)], node);
  }

  private member(written: Node): Instruction {
    const node = this.constantKey(written);
    const member = this.namespaceMember(node);
    if (member !== undefined && !NAMESPACES.has(member)) return this.outer(member, node);
    const qualified = this.qualifiedName(node);
    if (qualified !== undefined) {
      const constant = CONSTANTS[qualified];
      if (constant !== undefined) return this.emit({ op: 'const', value: constant }, [], node);
      // A geometry group as a value (`const { x, y } = gpu.threadIdx`, `const g = gpu.globalIdx`)
      // is the record of its properties, which JavaScript reads from the running thread's.
      if (isGeometryGroup(qualified)) {
        const axes = ['x', 'y', 'z'];
        const values = axes.map((axis) =>
          this.emit({ op: 'call', name: `${qualified}.${axis}`, property: true }, [], node),
        );
        return this.emit({ op: 'record', names: axes }, values, node);
      }
      return this.emit({ op: 'call', name: qualified, property: true }, [], node);
    }
    const keyed = this.keyedMember(node);
    if (keyed !== undefined)
      return this.emit(
        { op: 'call', name: keyed.base, property: true, keyed: keyed.path },
        keyed.keys.map((k) => this.expression(k)),
        node,
        keyed.keys,
      );
    const object = this.expression(node.object as Node);
    if (node.computed)
      return this.emit({ op: 'index' }, [object, this.expression(node.property as Node)], node, [
        node.object as Node,
        node.property as Node,
      ]);
    const name = (node.property as Node).name as string;
    if (name === 'length') return this.emit({ op: 'length' }, [object], node);
    return this.emit({ op: 'field', name }, [object], node);
  }

  private objectLiteral(node: Node): Instruction {
    const names: string[] = [];
    const values: Instruction[] = [];
    for (const property of node.properties as Node[]) {
      if (property.type !== 'Property' || property.computed || property.kind !== 'init' || property.method) {
        this.fail(ErrorCode.unsupported, unsupportedProperty(property), property);
      }
      const key = property.key as Node;
      const name = key.type === 'Identifier' ? (key.name as string) : String(key.value);
      if (names.includes(name)) this.fail(ErrorCode.unsupported, `field '${name}' is given twice`, key);
      names.push(name);
      values.push(this.expression(property.value as Node));
    }
    return this.emit({ op: 'record', names }, values, node);
  }

  private arrayLiteral(node: Node): Instruction {
    const values = (node.elements as (Node | null)[]).map((element) => {
      if (element === null)
        this.fail(
          ErrorCode.unsupported,
          'holes in tuples ([a, , b]) are not supported; give every element',
          node,
        );
      if (element.type === 'SpreadElement')
        this.fail(
          ErrorCode.unsupported,
          "spread elements ('...') are not supported in tuples; write each element",
          element,
        );
      return this.expression(element);
    });
    return this.emit({ op: 'tuple' }, values, node);
  }
}

/** A numeric constant (a literal, or one folded from literals). */
/** A condition's truth where it is a literal's (`true`, `0`, `1n`), else undefined. */
function knownTruth(condition: Instruction): boolean | undefined {
  const value = condition.op === 'truthy' ? condition.args[0] : undefined;
  if (value?.op !== 'const' || typeof value.value === 'string') return undefined;
  return Boolean(value.value);
}

function isNumber(inst: Instruction): inst is Instruction & { op: 'const'; value: number } {
  return inst.op === 'const' && typeof inst.value === 'number';
}

/** Whether a numeric literal is written as a float: decimal, with a point or an exponent. */
export function writtenAsFloat(text: string): boolean {
  return /^[0-9_.]+(?:[eE][-+]?[0-9_]+)?$/.test(text) && /[.eE]/.test(text);
}

/**
 * The function a call calls: `(0, f)(x)`, as compilers write a call of an imported function
 * (`(0, core_1.f32)(x)`) so that it gets no `this`, calls `f`.
 */
function indirectCallee(callee: Node): Node {
  const inner = unparenthesized(callee);
  if (inner.type !== 'SequenceExpression') return callee;
  const [first, ...rest] = inner.expressions as Node[];
  return rest.length === 1 && first?.type === 'Literal' && typeof first.value === 'number'
    ? unparenthesized(rest[0] as Node)
    : callee;
}

/** Whether a statement is a `break` or `return` (alone, or alone in a block). */
function leavesLoop(node: Node): boolean {
  if (node.type === 'BlockStatement') {
    const body = node.body as Node[];
    return body.length === 1 && leavesLoop(body[0] as Node);
  }
  return node.type === 'BreakStatement' || node.type === 'ReturnStatement';
}

/** The names a binding pattern declares. */
function boundNames(pattern: Node): string[] {
  switch (pattern.type) {
    case 'Identifier':
      return [pattern.name as string];
    case 'ObjectPattern':
      return (pattern.properties as Node[]).flatMap((p) => boundNames((p.value ?? p.argument) as Node));
    case 'ArrayPattern':
      return (pattern.elements as (Node | null)[]).flatMap((e) => (e ? boundNames(e) : []));
    case 'RestElement':
      return boundNames(pattern.argument as Node);
    case 'AssignmentPattern':
      return boundNames(pattern.left as Node);
    default:
      return [];
  }
}
