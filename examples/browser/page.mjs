// The browser page's script: the Mandelbrot kernel's WGSL (kernel.json, compiled by build.mjs)
// runs through navigator.gpu and the image is drawn on the canvas. The document's title says
// how it went ('done', or 'error: ...'), for the headless test.
import { webgpuDevice } from '@gpuc/backend-webgpu/webgpu';
import { escapeCounts, pixels } from './draw.mjs';
import { picture } from './picture.mjs';

async function main() {
  if (!navigator.gpu) throw new Error('this browser has no navigator.gpu');
  const device = await webgpuDevice(navigator.gpu);
  if (!device) throw new Error('navigator.gpu gave no adapter');
  const kernel = await (await fetch('kernel.json')).json();
  const started = performance.now();
  const counts = await escapeCounts(device, kernel);
  const ms = performance.now() - started;
  const canvas = document.getElementById('image');
  const { width, height, limit } = picture;
  canvas.width = width;
  canvas.height = height;
  canvas.getContext('2d').putImageData(new ImageData(pixels(counts, limit), width, height), 0, 0);
  const info = device.adapterInfo ?? {};
  document.getElementById('status').textContent =
    `${width}x${height}, ${limit} iterations, ${ms.toFixed(1)} ms on ${info.vendor || 'a WebGPU adapter'} ${info.architecture || ''}`;
  document.title = 'done';
}

main().catch((error) => {
  document.getElementById('status').textContent = String(error);
  document.title = `error: ${error.message}`;
});
