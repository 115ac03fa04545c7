// Loads the core module exactly as shipped in the web root (the content-hashed loader and
// .wasm named in build-manifest.json); the fixtures shared with the native tests.
import assert from 'node:assert/strict';
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

// Every case of event_validation.json through the core's validateBatch: accepted, or rejected
// naming the recorded field and message (the native core's outcome, tracker_fixture_test.cpp).
export function assertValidationFixtures(core) {
  const { receivedAt, cases } = fixture('event_validation.json');
  assert.ok(cases.length > 10);
  for (const c of cases) {
    const event = structuredClone(c.event);
    if (c.padBytes) event.properties.pad = 'x'.repeat(c.padBytes);
    const result = core.validateBatch('{"batch":[' + JSON.stringify(event) + ']}', receivedAt);
    if (c.expect.accepted) {
      assert.equal(result.accepted, 1, c.name + ': ' + JSON.stringify(result.rejected));
    } else {
      assert.equal(result.rejected.length, 1, c.name + ' was accepted');
      assert.equal(result.rejected[0].field, c.expect.field, c.name);
      assert.equal(result.rejected[0].error, c.expect.message, c.name);
    }
  }
}
