/**
 * The functions of a source file, for the CLI and ahead-of-time builds: every top-level
 * function declaration, exported function (an unnamed default export is `default`) and
 * `const name = function/arrow`, located in the
 * file so that errors point into it.
 */
import { readFileSync } from 'node:fs';
import { parseSync } from 'oxc-parser';
import type { Node } from './parse.js';
import { KernelSource } from './source.js';

/** A named function in a file. */
export interface FileFunction {
  readonly name: string;
  readonly source: KernelSource;
}

const FUNCTIONS = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);

/** A file's text; a folder's error names it, as a missing file's does (reading one does not). */
function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EISDIR') Object.assign(error as object, { path: file });
    throw error;
  }
}

/** The top-level functions of a file, in order. */
export function fileFunctions(file: string): FileFunction[] {
  const text = readText(file);
  const { program, errors } = parseSync(file, text, {
    lang: file.endsWith('.js') || file.endsWith('.mjs') ? 'js' : 'ts',
    sourceType: 'module',
  });
  if (errors.length > 0) {
    const at = errors[0]?.labels?.[0]?.start ?? 0;
    throw new KernelSource(text, file).error('syntax', errors[0]?.message ?? 'syntax error', at, at + 1);
  }
  const found: FileFunction[] = [];
  const add = (name: string, node: Node) =>
    found.push({ name, source: new KernelSource(text.slice(node.start, node.end), file, text, node.start) });
  for (const statement of (program as unknown as Node).body as Node[]) {
    const declaration = statement.type.startsWith('Export')
      ? ((statement.declaration as Node | null) ?? statement)
      : statement;
    if (declaration.type === 'FunctionDeclaration' && declaration.id) {
      add((declaration.id as Node).name as string, declaration);
    } else if (statement.type === 'ExportDefaultDeclaration' && FUNCTIONS.has(declaration.type)) {
      // `export default function (x) {...}` or `export default (x) => {...}`: named as imported.
      add('default', declaration);
    } else if (declaration.type === 'VariableDeclaration') {
      for (const declarator of declaration.declarations as Node[]) {
        const init = declarator.init as Node | null;
        const id = declarator.id as Node;
        if (init && FUNCTIONS.has(init.type) && id.type === 'Identifier') add(id.name as string, init);
      }
    }
  }
  return found;
}
