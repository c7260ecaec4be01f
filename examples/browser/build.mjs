// Builds the browser example into a folder: the Mandelbrot kernel compiled to WGSL in Node
// (kernel.json: gpuc's compiler does not run in a browser), the page's script bundled with the
// compiler-free runtime (@gpuc/backend-webgpu/webgpu), and index.html. Serve the folder over
// http and open it in a browser with WebGPU:
//   node --conditions=source --import tsx examples/browser/build.mjs /tmp/mandelbrot
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { builtinModules, createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileWGSL, webgpuCompiler } from '@gpuc/backend-webgpu';
import { f32 } from '@gpuc/core';
import { argumentTypes, parameterNames } from '@gpuc/core/launch';
import { mandelbrot } from './mandelbrot.mjs';
import { mandelbrotArgs, picture } from './picture.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));

/** The Mandelbrot kernel as WGSL for the picture's block, with its parameter layout. */
export function mandelbrotWGSL() {
  const signature = { name: 'mandelbrot', parameterNames: parameterNames(mandelbrot) };
  const argTypes = argumentTypes(signature, mandelbrotArgs(picture, f32));
  return compileWGSL(webgpuCompiler(), mandelbrot, argTypes, { block: picture.block });
}

/**
 * Modules only Node has: the runtime's errors come from @gpuc/core/host, whose other modules
 * import them without calling them in a browser; the bundle gets empty stand-ins.
 */
const nodeOnly = {
  name: 'node-only',
  setup(build) {
    const node = new Set(['koffi', ...builtinModules]);
    build.onResolve({ filter: /.*/ }, (args) =>
      node.has(args.path.replace(/^node:/, '')) ? { path: args.path, namespace: 'node-only' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'node-only' }, () => ({
      contents: 'export default {}; export const availableParallelism = undefined, cpus = undefined;',
      loader: 'js',
    }));
  },
};

/** esbuild, as tsup (a root dev dependency) has it. */
function esbuild() {
  const require = createRequire(import.meta.url);
  return createRequire(require.resolve('tsup'))('esbuild');
}

/** Writes the page (index.html, page.js, kernel.json) into `out`. */
export async function buildPage(out) {
  await mkdir(out, { recursive: true });
  await writeFile(join(out, 'kernel.json'), JSON.stringify(mandelbrotWGSL()));
  await copyFile(join(here, 'index.html'), join(out, 'index.html'));
  await esbuild().build({
    entryPoints: [join(here, 'page.mjs')],
    outfile: join(out, 'page.js'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    conditions: ['source'],
    logLevel: 'error',
    plugins: [nodeOnly],
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = process.argv[2];
  if (!out) throw new Error('usage: build.mjs <folder>');
  await buildPage(out);
  console.log(`built ${out}: serve it over http and open index.html in a browser with WebGPU`);
}
