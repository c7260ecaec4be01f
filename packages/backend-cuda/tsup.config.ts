import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.base.js';

// The driver's ES module starts the driver before loading the rest (src/driver/entry.ts, with a
// top-level await, which CommonJS has not); its types are index.ts's, as the CommonJS build's.
// The two builds run side by side: the package script empties dist first, neither build does.
const entries = { index: 'src/index.ts', driver: 'src/driver/index.ts' };
export default defineConfig([
  {
    ...packageBuild({ ...entries, driver: 'src/driver/entry.ts' }),
    format: ['esm'],
    dts: { entry: entries },
    clean: false,
  },
  { ...packageBuild(entries), format: ['cjs'], clean: false },
]);
