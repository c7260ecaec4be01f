// The browser example (examples/browser): the Mandelbrot kernel's WGSL run through WebGPU by the
// page's own code, in Node through Dawn and in headless Chromium through navigator.gpu, each
// image checked against the kernel run as JavaScript by the reference runner.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { hasWebGPU, releaseWebGPU, webgpuDevice } from '@gpuc/backend-webgpu';
import { f32, runReference } from '@gpuc/core';
import { decode } from 'fast-png';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPage, mandelbrotWGSL } from '../browser/build.mjs';
import { escapeCounts, pixels } from '../browser/draw.mjs';
import { chromiumPath, loadPage } from '../browser/headless.mjs';
import { mandelbrot } from '../browser/mandelbrot.mjs';
import { mandelbrotArgs, picture } from '../browser/picture.mjs';

afterAll(releaseWebGPU);

/** The escape counts as JavaScript computes them (the reference runner). */
function referenceCounts() {
  const args = mandelbrotArgs(picture, f32);
  const [bx, by] = picture.block;
  // As source text: the kernel names `gpu` and `f32` without importing them.
  const source = { text: mandelbrot.toString(), file: 'mandelbrot.mjs' };
  runReference(source, { grid: [picture.width / bx, picture.height / by], block: [bx, by] }, args);
  return args[0];
}

describe.skipIf(!(await hasWebGPU()))('the browser example in Node (Dawn)', () => {
  it('computes the escape counts JavaScript computes, with the page’s own code', async () => {
    const counts = await escapeCounts(await webgpuDevice(), mandelbrotWGSL());
    const expected = referenceCounts();
    // Inside the set (the limit reached) and far outside it: both are in the picture.
    expect(expected.filter((k) => k === picture.limit).length).toBeGreaterThan(1000);
    expect(expected.filter((k) => k < 3).length).toBeGreaterThan(1000);
    expect(counts).toEqual(expected);
  });
});

const chromium = chromiumPath();

describe.skipIf(!chromium)('the browser example in headless Chromium', () => {
  let folder;
  let server;
  let origin;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'gpuc-browser-'));
    await buildPage(folder);
    const types = { '.html': 'text/html', '.js': 'text/javascript', '.json': 'application/json' };
    server = createServer(async (request, response) => {
      const name = new URL(request.url, 'http://x').pathname.slice(1) || 'index.html';
      try {
        const body = await readFile(join(folder, name.replace(/[/\\]/g, '')));
        response.writeHead(200, { 'content-type': types[extname(name)] ?? 'application/octet-stream' });
        response.end(body);
      } catch {
        response.writeHead(404).end();
      }
    });
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${server.address().port}`;
  });
  afterAll(async () => {
    server?.close();
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it('draws the Mandelbrot set on a canvas through navigator.gpu', async (context) => {
    const { width, height, limit } = picture;
    const { title, probed, png } = await loadPage(`${origin}/index.html`, {
      width,
      height,
      probe: "document.getElementById('status').textContent",
    });
    // Chromium without an adapter (no SwiftShader, no GPU) says so: skipped with its words.
    if (/no navigator\.gpu|gave no adapter/.test(title)) context.skip(`headless Chromium: ${title}`);
    expect(title, String(probed)).toBe('done');
    const shot = decode(png);
    expect([shot.width, shot.height]).toEqual([width, height]);
    // Every pixel of the screenshot has the colour of JavaScript's escape count there.
    const expected = pixels(referenceCounts(), limit);
    const channels = shot.channels;
    let wrong = 0;
    for (let i = 0; i < width * height; i++)
      for (let c = 0; c < 3; c++) if (shot.data[i * channels + c] !== expected[i * 4 + c]) wrong++;
    expect(wrong).toBe(0);
  });
});
