// Bundles the dashboard page into one folder: index.html, app.js (the app and the parts of
// Chart.js it uses, minified, no network at view time) and app.css. The C++ build compiles
// these three files into the insightos binary (backend/dashboard/CMakeLists.txt).
//
// usage: node web/dashboard/build.mjs --out DIR
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const outIndex = process.argv.indexOf('--out');
if (outIndex < 0 || !process.argv[outIndex + 1]) throw new Error('usage: build.mjs --out DIR');
const out = resolve(process.argv[outIndex + 1]);
const here = dirname(fileURLToPath(import.meta.url));
mkdirSync(out, { recursive: true });

await build({
  entryPoints: [join(here, 'src/main.js')],
  bundle: true,
  minify: true,
  format: 'iife',
  target: 'es2020',
  legalComments: 'eof',  // Chart.js's MIT notice travels with the code
  outfile: join(out, 'app.js'),
  logLevel: 'warning',
});
await build({
  entryPoints: [join(here, 'styles.css')],
  bundle: true,
  minify: true,
  outfile: join(out, 'app.css'),
  logLevel: 'warning',
});
copyFileSync(join(here, 'index.html'), join(out, 'index.html'));
