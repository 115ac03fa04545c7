// The WebAssembly core under Node, held to the same fixtures as the native core
// (tests/unit/tracker_fixture_test.cpp): same validation outcomes, same stored-document
// checks, same number text. Runs the module exactly as shipped in build/web.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, test } from 'node:test';
import { assertValidationFixtures, fixture, loadShippedCore } from './shipped_core.mjs';
import { wrapCore } from '../../web/src/core_client.js';

let module, core;
before(async () => {
  module = await loadShippedCore();
  core = wrapCore(module);
});

test('event validation matches the recorded outcome of every fixture', () => {
  assertValidationFixtures(core);
});

test('stored queue documents: same reading and checks as the native core', () => {
  const { now, cases } = fixture('tracker_storage.json');
  for (const c of cases.filter((x) => x.kind === 'queue')) {
    const text = JSON.stringify(c.document);
    if (c.expect.error) {
      assert.throws(() => core.checkQueue(text, now), (e) => e.code === c.expect.error, c.name);
      continue;
    }
    const result = core.checkQueue(text, now);
    assert.equal(result.events, c.expect.events, c.name);
    assert.equal(result.dropped, c.expect.dropped, c.name);
    assert.deepEqual(result.rejected.map((r) => ({ index: r.index, field: r.field })), c.expect.rejected, c.name);
  }
});

test('errors come back as thrown Errors with the status code, in one place', () => {
  assert.throws(() => core.validateBatch('{"batch": [', 0), (e) => e.code === 'InvalidArgument' &&
    /invalid JSON at line 1/.test(e.message));
  assert.throws(() => core.validateBatch('[]', 0), /request body must be a JSON object/);
  assert.throws(() => core.validateBatch('{"batch":[1e400]}', 0), /out of the range of a double/);
});

test('numbers print exactly as the native writer prints them', () => {
  const { cases } = fixture('json_numbers.json');
  const view = new DataView(new ArrayBuffer(8));
  for (const [bits, expected] of cases) {
    view.setBigUint64(0, BigInt(bits));
    assert.equal(module.jsonNumber(view.getFloat64(0)), expected, bits);
  }
});

test('the limits written into insightos.js are the core\'s', () => {
  const limits = JSON.parse(module.trackerLimits());
  assert.deepEqual(Object.keys(limits).sort(), ['maxEventBytes', 'maxEventNameChars', 'maxMessageIdChars',
    'trackerMaxBatchEvents', 'trackerMaxRequestBytes', 'trackerStorageVersion']);
  assert.equal(limits.trackerMaxBatchEvents, 10);
  assert.equal(limits.trackerMaxRequestBytes, 64 * 1024);
  const manifest = JSON.parse(readFileSync(new URL('build-manifest.json', webRootUrl()), 'utf8'));
  assert.deepEqual(manifest.limits, limits);
  const script = readFileSync(new URL('insightos.js', webRootUrl()), 'utf8');
  assert.ok(script.includes('trackerMaxRequestBytes:65536'), 'insightos.js carries the limits');
  assert.ok(script.includes(manifest.coreJs) && script.includes(manifest.coreWasm));
});

test('the module imports only what the hand-written loader provides', () => {
  const manifest = JSON.parse(readFileSync(new URL('build-manifest.json', webRootUrl()), 'utf8'));
  const wasm = new WebAssembly.Module(readFileSync(new URL(manifest.coreWasm, webRootUrl())));
  // wasm/core_loader.js gives these; a symbol the link left undefined would show up here.
  assert.deepEqual(WebAssembly.Module.imports(wasm).map((i) => i.module + '.' + i.name).sort(), [
    'env.exp', 'env.formatG', 'env.parseFloat', 'wasi_snapshot_preview1.proc_exit']);
});

test('strings cross the boundary as UTF-8 both ways, NUL bytes included', () => {
  // A name of 200 code points, most of them outside ASCII: within the limit only if the
  // core counts code points of correctly encoded UTF-8.
  const name = '\u00e9\u{1F600}'.repeat(100);
  const event = { type: 'track', event: name, messageId: 'm1', anonymousId: 'a1' };
  const result = core.validateBatch(JSON.stringify({ batch: [event] }), Date.UTC(2026, 0, 1));
  assert.equal(result.accepted, 1, JSON.stringify(result.rejected));
  const tooLong = { ...event, event: name + '\u00e9' };
  const rejected = core.validateBatch(JSON.stringify({ batch: [tooLong] }), Date.UTC(2026, 0, 1)).rejected;
  assert.equal(rejected.length, 1);
  assert.match(rejected[0].error, /201 characters long/);
  // A raw NUL inside the text is data, not the end of the string: the JSON parser sees it.
  assert.throws(() => core.validateBatch('{"batch":[]}\u0000x', 0), /invalid JSON/);
  assert.equal(module.isUuidV7('0190d2a4-5a1e-7c3b-8f2d-1a2b3c4d5e6f'), true);
  assert.equal(module.isUuidV7('0190d2a4-5a1e-4c3b-8f2d-1a2b3c4d5e6f'), false);
});

function webRootUrl() {
  return new URL('file://' + (process.env.INSIGHTOS_WEB_ROOT || new URL('../../build/web', import.meta.url).pathname) + '/');
}
