// Headless Chromium driven through the DevTools protocol over a pipe (--remote-debugging-pipe:
// no WebSocket, no extra package): load a page, wait until its title leaves `running`, and take
// a screenshot. For the browser example's test.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

/** The Chromium binary (Debian's `chromium`), or undefined. */
export function chromiumPath() {
  return ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
}

/** The flags the test gives Chromium: headless, with WebGPU (not yet on by default on Linux). */
export const WEBGPU_FLAGS = ['--headless', '--no-sandbox', '--enable-unsafe-webgpu', '--hide-scrollbars'];

/**
 * Opens `url` in headless Chromium, waits (at most `timeoutMs`) for the page's title to change
 * from `running`, then returns the title, what `probe` (an expression) evaluates to, and a PNG
 * screenshot of the `width` x `height` viewport.
 */
export async function loadPage(url, { width, height, probe = 'null', timeoutMs = 60_000, flags = [] }) {
  const browser = spawn(
    chromiumPath() ?? 'chromium',
    [...WEBGPU_FLAGS, ...flags, '--remote-debugging-pipe', `--window-size=${width},${height}`, 'about:blank'],
    { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] },
  );
  let stderr = '';
  browser.stderr.on('data', (d) => {
    stderr += d;
  });
  const [, , , toBrowser, fromBrowser] = browser.stdio;
  const pending = new Map();
  let buffered = '';
  let nextId = 1;
  fromBrowser.on('data', (chunk) => {
    buffered += chunk;
    // Messages end with a NUL byte.
    for (let end = buffered.indexOf('\0'); end >= 0; end = buffered.indexOf('\0')) {
      const message = JSON.parse(buffered.slice(0, end));
      buffered = buffered.slice(end + 1);
      const waiting = pending.get(message.id);
      if (!waiting) continue;
      pending.delete(message.id);
      if (message.error) waiting.reject(new Error(`${waiting.method}: ${message.error.message}`));
      else waiting.resolve(message.result);
    }
  });
  const exited = new Promise((_, reject) =>
    browser.on('exit', (code) => reject(new Error(`chromium exited (${code}): ${stderr.slice(-2000)}`))),
  );
  exited.catch(() => {});
  const send = (method, params = {}, sessionId) => {
    const id = nextId++;
    toBrowser.write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`);
    return Promise.race([
      new Promise((resolve, reject) => pending.set(id, { resolve, reject, method })),
      exited,
    ]);
  };
  try {
    const { targetId } = await send('Target.createTarget', { url: 'about:blank' });
    const { sessionId } = await send('Target.attachToTarget', { targetId, flatten: true });
    const page = (method, params) => send(method, params, sessionId);
    await page('Emulation.setDeviceMetricsOverride', { width, height, deviceScaleFactor: 1, mobile: false });
    await page('Page.enable');
    await page('Page.navigate', { url });
    const evaluate = async (expression) =>
      (await page('Runtime.evaluate', { expression, returnByValue: true })).result.value;
    const deadline = Date.now() + timeoutMs;
    let title = await evaluate('document.title');
    while ((title === 'running' || title === '') && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      title = await evaluate('document.title');
    }
    const probed = await evaluate(probe);
    const { data } = await page('Page.captureScreenshot', { format: 'png' });
    return { title, probed, png: Buffer.from(data, 'base64') };
  } finally {
    browser.kill();
  }
}
