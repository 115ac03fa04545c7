// Loads the core module exactly as shipped in the web root (the content-hashed loader and
// .wasm named in build-manifest.json); the fixtures shared with the native tests.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const webRoot = process.env.INSIGHTOS_WEB_ROOT || resolve(here, '../../build/web');

export async function loadShippedCore() {
  const manifest = JSON.parse(readFileSync(join(webRoot, 'build-manifest.json'), 'utf8'));
  // Given the bytes, the loader never fetches.
  const factory = createRequire(import.meta.url)(join(webRoot, manifest.coreJs));
  return factory({ wasmBinary: readFileSync(join(webRoot, manifest.coreWasm)) });
}

export function fixture(name) {
  return JSON.parse(readFileSync(resolve(here, '../fixtures', name), 'utf8'));
}
