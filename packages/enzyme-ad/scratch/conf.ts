import { cudaConformance } from '@gpuc/backend-cuda';
import { formatReport, loadConformance, nativeConformance, runConformance } from '@gpuc/core';
import { EnzymePlugin } from '../src/index.js';

const entries = await loadConformance(new URL('../conformance/', import.meta.url).pathname);
const report = await runConformance(entries, [nativeConformance, cudaConformance], {
  plugins: [new EnzymePlugin()],
});
console.log(formatReport(report));
