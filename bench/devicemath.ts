// Device math accuracy: each function of core's device math library against the host's Math
// (V8), on 200 000 random inputs of each kind and the edge cases, in ulps; where the two differ
// by more than an ulp, an exact BigInt reference says how far each is from the true value.
import { accuracyTable, measureDeviceMath } from '../packages/core/src/entry/tools.js';

const samples = Number(process.argv[2] ?? 200_000);
const start = performance.now();
const rows = measureDeviceMath({ samples });
console.log(`device math vs host Math (max ulps; ${samples} samples per kind, seed fixed)\n`);
console.log(accuracyTable(rows));
console.log(`\n${((performance.now() - start) / 1000).toFixed(1)} s`);
