// Builds the page into dist/: index.html, app.js, app.css, layout-worker.js.
// Usage: node build.mjs [--dev]   (--dev keeps the bundle unminified with a sourcemap)
import * as esbuild from 'esbuild';
import { copyFile, mkdir, rm, readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.join(here, 'dist');
const dev = process.argv.includes('--dev');

await mkdir(dist, { recursive: true });
for (const f of await readdir(dist)) {
  if (f !== '.gitkeep') await rm(path.join(dist, f), { recursive: true, force: true });
}

await esbuild.build({
  entryPoints: { app: path.join(here, 'src/main.js'), 'layout-worker': path.join(here, 'src/layout-worker.js') },
  bundle: true,
  format: 'iife',
  target: ['es2020'],
  minify: !dev,
  sourcemap: dev ? 'linked' : false,
  legalComments: 'linked',
  outdir: dist,
  logLevel: 'warning',
});
await esbuild.build({
  entryPoints: { app: path.join(here, 'src/app.css') },
  bundle: true,
  minify: !dev,
  outdir: dist,
  logLevel: 'warning',
});
await copyFile(path.join(here, 'src/index.html'), path.join(dist, 'index.html'));
console.log('built', path.relative(process.cwd(), dist) || dist);
