// Message ids from the tracker's JS generator (web/src/uuid_v7.js): the same ids as the
// core's generator for the same inputs (tests/fixtures/uuid_v7.json, which the native test
// checks too), and ids made with real randomness pass the core's IsUuidV7 in WebAssembly.
// The sample is written to INSIGHTOS_JS_UUID_SAMPLE for the native check that CTest runs
// next (js_uuid_sample_check.cpp).
import assert from 'node:assert/strict';
import { webcrypto } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { test } from 'node:test';
import { createUuidV7Generator, cryptoRandom } from '../../web/src/uuid_v7.js';
import { fixture, loadShippedCore } from './shipped_core.mjs';

// The browser's crypto, which Node 18 (Debian 12's) does not make global.
if (!globalThis.crypto) globalThis.crypto = webcrypto;

test('the JS generator reproduces the core generator\'s ids', () => {
  const { sequences } = fixture('uuid_v7.json');
  for (const sequence of sequences) {
    let bytes;
    const next = createUuidV7Generator(() => bytes);
    for (const step of sequence.steps) {
      bytes = Uint8Array.from(step.random.match(/../g), (h) => parseInt(h, 16));
      assert.equal(next(step.now), step.id, sequence.name);
    }
  }
});

test('ids made with crypto randomness are UUIDv7 to the core and strictly increasing', async () => {
  const core = await loadShippedCore();
  const next = createUuidV7Generator(cryptoRandom());
  const start = Date.now();
  // 3000 ids over a handful of milliseconds, some with the clock standing still or going back.
  const ids = Array.from({ length: 3000 }, (_, i) => next(start + Math.floor(i / 700) - (i % 1000 === 999 ? 5 : 0)));
  for (let i = 0; i < ids.length; i++) {
    assert.ok(core.isUuidV7(ids[i]), ids[i]);
    if (i) assert.ok(ids[i] > ids[i - 1], `${ids[i - 1]} then ${ids[i]}`);
  }
  assert.equal(new Set(ids).size, ids.length);
  if (process.env.INSIGHTOS_JS_UUID_SAMPLE) writeFileSync(process.env.INSIGHTOS_JS_UUID_SAMPLE, ids.join('\n') + '\n');
});
