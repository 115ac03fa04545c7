// On-page scoring parity, WebAssembly under Node: every fixture visitor
// (tests/fixtures/lead_scoring_visitors.json) scored by the shipped core from the compact
// model form, through the same wrapper the tracker uses, against the native scores that
// native_visitor_scores wrote just before.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { wrapCore } from '../../web/src/core_client.js';
import { assertSameScore, parityInputs } from './score_parity.mjs';
import { loadShippedCore } from './shipped_core.mjs';

test('the WebAssembly core scores every fixture visitor as the native core does', async () => {
  const { native, visitors } = parityInputs();
  const core = wrapCore(await loadShippedCore());
  for (const model of native.models) {
    visitors.forEach((v, i) => {
      const score = core.scoreVisitor(model.compact, JSON.stringify(v.history), JSON.stringify(v.traits), v.campaign, v.at);
      assertSameScore(score, model.visitors[i], model.version + ' / ' + v.name);
    });
  }
});

test('a model file or a damaged compact model is an error, not a score', async () => {
  const { native } = parityInputs();
  const core = wrapCore(await loadShippedCore());
  const history = '{"v":1,"events":[]}';
  for (const text of [JSON.stringify(native.models[0].model), native.models[0].compact.slice(0, -5), '']) {
    assert.throws(() => core.scoreVisitor(text, history, '{}', '', 0), (e) => e.code === 'InvalidArgument');
  }
  assert.throws(() => core.scoreVisitor(native.models[0].compact, '{"v":99,"events":[]}', '{}', '', 0),
    (e) => e.code === 'FailedPrecondition');
});
