// measure.mjs — the demo's speed in headless Chromium (numbers for docs/demo.md; judges nothing).
//
//   node web/tests/measure.mjs BUILD_WEB_DIR [runs]
//
// For each run: from Play on random weights, seconds until the demo's test accuracy
// (500 test digits) reaches 90 %, at max speed (#speed=0) and at the speed the demo starts
// with (no speed parameter); then the frame interval at 1280×800 and 1920×1080 while
// training and while paused. The clock starts at the first frame (loading excluded).
import { chromium } from 'playwright-core';
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';

const webDir = path.resolve(process.argv[2] || 'build/wasm/web');
const runs = +(process.argv[3] || 1);
const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm' };
const server = http.createServer((req, res) => {
  const u = new URL(req.url, 'http://x');
  const p = path.join(webDir, u.pathname === '/' ? 'index.html' : u.pathname);
  if (!p.startsWith(webDir) || !fs.existsSync(p)) { res.writeHead(404); return res.end(); }
  res.writeHead(200, { 'Content-Type': types[path.extname(p)] || 'application/octet-stream' });
  res.end(fs.readFileSync(p));
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'],
});
const state = (page) => page.evaluate(() => (window.Module && Module._sdfc_state_json) ? JSON.parse(Module.UTF8ToString(Module._sdfc_state_json())) : null).catch(() => null);
async function open(hash, w, h) {
  const ctx = await browser.newContext({ viewport: { width: w, height: h } });
  const page = await ctx.newPage();
  await page.goto(`${base}/#${hash}`);
  for (let s = null; !(s && s.frame > 2); await page.waitForTimeout(50)) s = await state(page);
  return { ctx, page };
}
async function timeTo90(hash, limitS) {
  const { ctx, page } = await open(hash, 1280, 800);
  const t0 = Date.now();
  let s = null;
  while ((Date.now() - t0) / 1000 < limitS) {
    s = await state(page);
    if (s.test_acc >= 0.9) break;
    await page.waitForTimeout(100);
  }
  const t = (Date.now() - t0) / 1000;
  await ctx.close();
  return s.test_acc >= 0.9 ? `${t.toFixed(1)} s (${s.samples} samples, ${s.rate.toFixed(0)} samples/s)`
                           : `not within ${limitS} s (${(s.test_acc * 100).toFixed(1)} % after ${s.samples} samples)`;
}
async function frames(w, h, hash) {
  const { ctx, page } = await open(hash, w, h);
  await page.waitForTimeout(3000);
  const a = await state(page);
  await page.waitForTimeout(5000);
  const b = await state(page);
  await ctx.close();
  return `${(5000 / Math.max(1, b.frame - a.frame)).toFixed(1)} ms per frame (${((b.frame - a.frame) / 5).toFixed(1)} fps)`;
}
for (let i = 1; i <= runs; ++i) {
  console.log(`run ${i}: time to 90 % at max speed:     ${await timeTo90('speed=0', 60)}`);
  console.log(`run ${i}: time to 90 % at starting speed: ${await timeTo90('', 120)}`);
}
for (const [w, h] of [[1280, 800], [1920, 1080]]) {
  console.log(`${w}×${h} training (max speed): ${await frames(w, h, 'speed=0')}`);
  console.log(`${w}×${h} paused:               ${await frames(w, h, 'autoplay=0')}`);
}
await browser.close();
server.close();
