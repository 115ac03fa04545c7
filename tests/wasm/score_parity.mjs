// Shared by the WebAssembly and Chromium thirds of the on-page scoring parity test: the
// fixture visitors, the native scores written by native_visitor_scores, and the comparison.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fixture } from './shipped_core.mjs';

export function parityInputs() {
  const path = process.env.INSIGHTOS_NATIVE_SCORES;
  assert.ok(path, 'INSIGHTOS_NATIVE_SCORES names the file native_visitor_scores writes (CTest runs it first)');
  const native = JSON.parse(readFileSync(path, 'utf8'));
  const { visitors } = fixture('lead_scoring_visitors.json');
  assert.equal(native.models.length, 2);
  for (const model of native.models) assert.equal(model.visitors.length, visitors.length);
  return { native, visitors };
}

// Within 1e-9 (SPEC §1), same tier, same reasons in the same order.
export function assertSameScore(actual, expected, what) {
  assert.ok(actual, what + ': no score');
  assert.ok(Math.abs(actual.score - expected.score) <= 1e-9, `${what}: ${actual.score} vs native ${expected.score}`);
  assert.equal(actual.tier, expected.tier, what);
  assert.equal(actual.reasons.length, expected.reasons.length, what);
  actual.reasons.forEach((r, i) => {
    assert.equal(r.feature, expected.reasons[i].feature, what);
    assert.equal(r.text, expected.reasons[i].text, what);
    assert.ok(Math.abs(r.points - expected.reasons[i].points) <= 1e-9, what + ': ' + r.feature);
  });
}
