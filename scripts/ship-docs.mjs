// Copies the repository's docs into @gpuc/core before it is packed (its README links to them),
// so they ship in the package without a second copy in git. Run by core's `prepack`.
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(root, 'packages/core/docs');
mkdirSync(target, { recursive: true });
for (const name of readdirSync(join(root, 'docs')).filter((n) => n.endsWith('.md')))
  copyFileSync(join(root, 'docs', name), join(target, name));
