/**
 * The alias-scope domains gpuc gives a module's memory accesses (the AD plugin's primal and
 * shadow scopes), listed in the module: a pass that reads `!alias.scope` and `!noalias` asks
 * the module whether there are any before it reads every store's metadata (most modules have
 * none).
 */
import type { MDNode, Module } from './types.js';

/** The named metadata that lists the domains (linking a module into another keeps the list). */
const DOMAINS = 'gpuc.alias.domains';

/** Records that accesses in `module` carry alias scopes of `domain`. */
export function declareAliasDomain(module: Module, domain: MDNode): void {
  module.getOrInsertNamedMetadata(DOMAINS).addOperand(domain);
}

/** Whether gpuc gave accesses in `module` alias scopes (a domain was declared in it). */
export function hasAliasDomains(module: Module): boolean {
  return module.getNamedMetadata(DOMAINS) !== null;
}
