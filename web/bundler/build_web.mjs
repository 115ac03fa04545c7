// Assembles the browser files into one folder (build/web/ in the CMake build):
//   insightos.js                    the small initial script (bundled + minified by esbuild)
//   insightos-core.<hash>.js/.wasm  the lazily loaded core (its minified loader and the
//                                   module), named by content hash so it can be cached for good
//   demo/                           the demo site
// The core's limits (batch size, request bytes, storage version) are read from the
// compiled core itself and written into insightos.js, so no number is typed twice.
//
// usage: node web/bundler/build_web.mjs --core-js wasm/core_loader.js --core-wasm F --out DIR --version V
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { minify } from 'terser';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, a, i, all) => (a.startsWith('--') ? [...pairs, [a.slice(2), all[i + 1]]] : pairs), []));
for (const required of ['core-js', 'core-wasm', 'out', 'version']) {
  if (!args[required]) throw new Error('missing --' + required);
}
const webDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = resolve(args.out);
// The core's loader (wasm/core_loader.js, a classic script) is minified like insightos.js.
const glue = (await minify(readFileSync(args['core-js'], 'utf8'), {
  ecma: 2019, compress: { passes: 3 }, mangle: true,
})).code;
const wasm = readFileSync(args['core-wasm']);
const hash = createHash('sha256').update(glue).update(wasm).digest('hex').slice(0, 10);
const coreJs = `insightos-core.${hash}.js`;
const coreWasm = `insightos-core.${hash}.wasm`;

const factory = createRequire(import.meta.url)(resolve(args['core-js']));
const core = await factory({ wasmBinary: wasm });
const limits = JSON.parse(core.trackerLimits());

const buildModule = `export const limits = ${JSON.stringify(limits)};
export const coreJs = ${JSON.stringify(coreJs)};
export const coreWasm = ${JSON.stringify(coreWasm)};
export const version = ${JSON.stringify(args.version)};`;
const result = await build({
  entryPoints: [join(webDir, 'src/main.js')],
  bundle: true,
  format: 'iife',
  target: 'es2019',
  write: false,
  legalComments: 'none',
  plugins: [{
    name: 'insightos-build',
    setup(b) {
      b.onResolve({ filter: /^insightos:build$/ }, () => ({ path: 'build', namespace: 'insightos' }));
      b.onLoad({ filter: /.*/, namespace: 'insightos' }, () => ({ contents: buildModule, loader: 'js' }));
    },
  }],
});

// esbuild bundles; terser minifies (about 4% smaller than esbuild's own minifier here).
const minified = await minify(result.outputFiles[0].text, {
  ecma: 2019, toplevel: true, compress: { passes: 3, pure_getters: true, unsafe_arrows: true }, mangle: true,
});

mkdirSync(out, { recursive: true });
for (const name of readdirSync(out)) {
  if (/^insightos-core\.[0-9a-f]+\.(js|wasm)$/.test(name)) rmSync(join(out, name));
}
writeFileSync(join(out, coreJs), glue);
writeFileSync(join(out, coreWasm), wasm);
writeFileSync(join(out, 'insightos.js'), minified.code);
rmSync(join(out, 'demo'), { recursive: true, force: true });
cpSync(join(webDir, 'demo'), join(out, 'demo'), { recursive: true });
writeFileSync(join(out, 'build-manifest.json'), JSON.stringify({ version: args.version, coreJs, coreWasm, limits }, null, 1) + '\n');
console.log(`web: insightos.js ${minified.code.length} B, ${coreJs}, ${coreWasm}`);
