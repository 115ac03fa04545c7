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

// The same, plus the instance's raw exports (memory, malloc, free, ...), which the loader
// keeps to itself: caught on their way through WebAssembly.instantiate, so the functions
// returned run on the very heap the test reaches.
export async function loadShippedCoreWithExports() {
  const instantiate = WebAssembly.instantiate;
  let exports;
  WebAssembly.instantiate = async (...args) => {
    const result = await instantiate.apply(WebAssembly, args);
    exports = result.instance.exports;
    return result;
  };
  try {
    const module = await loadShippedCore();
    return { module, exports };
  } finally {
    WebAssembly.instantiate = instantiate;
  }
}

export function fixture(name) {
  return JSON.parse(readFileSync(resolve(here, '../fixtures', name), 'utf8'));
}
