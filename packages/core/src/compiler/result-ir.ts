/**
 * The final LLVM IR of a compile result, kept as bitcode and printed only when read: writing
 * bitcode costs a tenth of printing the module, and the text is a debugging aid most compiles
 * never look at (the caches keep the bitcode too, a fifth of the text's size).
 */
import { createContext, parseModule } from '../llvm/module.js';

/** The IR text of a module's bitcode (written with its use-list order), named `moduleId`. */
export function printBitcode(bitcode: Buffer, moduleId: string): string {
  if (bitcode.length === 0) return '';
  const context = createContext();
  try {
    return parseModule(context, bitcode, moduleId).print();
  } finally {
    context.dispose();
  }
}

/**
 * `fields` with an `ir` property that `text` computes when read: kept from the first read on,
 * unless `keep` is false (what the memory cache holds: a text kept there would escape its size
 * limit). Spreading the object reads it: copy the other fields by name instead.
 */
export function withLazyIR<T extends object>(
  fields: T,
  text: () => string,
  keep = true,
): T & { readonly ir: string } {
  let ir: string | undefined;
  return Object.defineProperty(fields, 'ir', {
    enumerable: true,
    get: () => {
      if (!keep) return text();
      ir ??= text();
      return ir;
    },
  }) as T & { readonly ir: string };
}
