// The module's malloc and free (wasm/free_list_malloc.cpp, written for size in place of
// Emscripten's emmalloc) driven through the exports by a long seeded run of allocations and
// frees. Every string the tracker hands the core, and everything the core builds, lives in
// this heap: a block handed out twice, a header written over a neighbour, or memory that
// keeps growing would corrupt events or leak silently in the browser, so it fails here.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { wrapCore } from '../../web/src/core_client.js';
import { assertValidationFixtures, fixture, loadShippedCoreWithExports } from './shipped_core.mjs';

const SEED = 0x2545f491;
const OPERATIONS = 20000;
const MAX_SIZE = 70000;

let module, exports;
before(async () => {
  ({ module, exports } = await loadShippedCoreWithExports());
});

// xorshift32: the same sequence on every run and every machine.
function random(seed) {
  let x = seed | 0 || 1;
  const next = () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
  next.below = (n) => next() % n;
  return next;
}

// Mostly small requests, as the core makes them, some up to MAX_SIZE (past 64 KiB, into the
// 128 KiB class), and the size-class edges: with the 8-byte header a
// 2^k block holds at most 2^k - 8 bytes, so 2^k - 8 is the last request of a class and
// 2^k - 7 the first of the next.
function requestSize(next) {
  const r = next.below(100);
  if (r < 50) return next.below(65);
  if (r < 72) return next.below(1025);
  if (r < 84) return next.below(16385);
  if (r < 92) return next.below(MAX_SIZE + 1);
  const edge = 2 ** (3 + next.below(14));  // 8 .. 65536
  return Math.max(0, edge + [-9, -8, -7, -1, 0, 1][next.below(6)]);
}

// A block's contents: a window of fixed noise chosen by the block's id, so neighbouring
// blocks differ and a stray header, free-list link or shifted copy shows.
const noise = (() => {
  const next = random(0x6a09e667);
  return Uint8Array.from({ length: MAX_SIZE + 65536 }, () => next() & 255);
})();
const expected = (id, size) => {
  const offset = Math.imul(id, 0x9e3779b1) >>> 16;
  return noise.subarray(offset, offset + size);
};

// The heap as it is now: memory.grow detaches the old buffer and every view on it.
let view = new Uint8Array(0);
const heap = () => {
  if (view.buffer !== exports.memory.buffer) view = new Uint8Array(exports.memory.buffer);
  return view;
};

// A trap inside malloc or free (a free-list link or header read from clobbered memory)
// named with the operation that hit it.
const call = (fn, what) => {
  try {
    return fn();
  } catch (error) {
    if (error instanceof WebAssembly.RuntimeError) assert.fail(`${what} trapped: ${error.message}`);
    throw error;
  }
};

// The blocks the test holds: by id (id -> {ptr, size}), ids in an array to pick one to free
// at random, and by address (sorted by ptr) to check a new block against its neighbours.
class LiveBlocks {
  constructor() {
    this.byId = new Map();
    this.ids = [];
    this.byAddress = [];
    this.nextId = 1;
    this.maxLive = 0;
    this.highest = 0;  // the end of the highest block handed out
  }

  // Index of the first block at or above ptr.
  #position(ptr) {
    let low = 0, high = this.byAddress.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.byAddress[mid].ptr < ptr) low = mid + 1; else high = mid;
    }
    return low;
  }

  allocate(size, context) {
    const ptr = call(() => exports.malloc(size), `${context}: malloc(${size})`) >>> 0;
    if (ptr === 0) assert.fail(`${context}: malloc(${size}) returned 0`);
    if (ptr % 8 !== 0) assert.fail(`${context}: malloc(${size}) = ${ptr}, not 8-byte aligned`);
    const bytes = heap();
    if (ptr + size > bytes.length) {
      assert.fail(`${context}: malloc(${size}) = ${ptr} ends past memory (${bytes.length} bytes)`);
    }
    // malloc(0) must still give a pointer of its own: count it as one byte.
    const end = ptr + Math.max(size, 1);
    const at = this.#position(ptr);
    const before = this.byAddress[at - 1], after = this.byAddress[at];
    for (const other of [before, after]) {
      if (other && ptr < other.end && other.ptr < end) {
        assert.fail(`${context}: malloc(${size}) = [${ptr}, ${end}) overlaps live block #${other.id} ` +
          `[${other.ptr}, ${other.end})`);
      }
    }
    const block = { id: this.nextId++, ptr, size, end };
    bytes.set(expected(block.id, size), ptr);
    this.byAddress.splice(at, 0, block);
    this.byId.set(block.id, block);
    this.ids.push(block.id);
    this.maxLive = Math.max(this.maxLive, this.ids.length);
    this.highest = Math.max(this.highest, end);
    return block;
  }

  verify(block, context) {
    const bytes = heap().subarray(block.ptr, block.ptr + block.size);
    if (Buffer.compare(bytes, expected(block.id, block.size)) !== 0) {
      const wanted = expected(block.id, block.size);
      const first = bytes.findIndex((b, i) => b !== wanted[i]);
      assert.fail(`${context}: block #${block.id} (${block.size} bytes at ${block.ptr}) was overwritten ` +
        `from byte ${first} on`);
    }
  }

  release(index, context) {
    const id = this.ids[index];
    const block = this.byId.get(id);
    this.verify(block, context);
    this.ids[index] = this.ids[this.ids.length - 1];
    this.ids.pop();
    this.byId.delete(id);
    this.byAddress.splice(this.#position(block.ptr), 1);
    call(() => exports.free(block.ptr), `${context}: free(${block.ptr}) of block #${id}`);
  }

  verifyAll(context) {
    for (const block of this.byAddress) this.verify(block, context);
  }

  releaseAll(context) {
    while (this.ids.length) this.release(this.ids.length - 1, context);
  }
}

// OPERATIONS mallocs and frees from seed, in waves: mostly mallocs for 3,000 operations,
// then mostly frees for 1,000, so the live set climbs to some 3,000 blocks (memory grows
// from its initial 16 MiB to about 26 MiB, detaching the buffer many times) while freed
// blocks of every class are handed out again. Now and then free(0).
function run(live, seed, name) {
  const next = random(seed);
  for (let i = 0; i < OPERATIONS; i++) {
    const context = `${name}, operation ${i}`;
    const mallocPercent = i % 4000 < 3000 ? 65 : 30;
    const r = next.below(100);
    if (r === 99) {
      call(() => exports.free(0), `${context}: free(0)`);
    } else if (live.ids.length === 0 || r < mallocPercent) {
      live.allocate(requestSize(next), context);
    } else {
      live.release(next.below(live.ids.length), context);
    }
  }
  live.verifyAll(name + ', at the end');
}

test('free(0) does nothing and an impossible size is refused with 0', () => {
  const bytes = exports.memory.buffer.byteLength;
  exports.free(0);
  // Sizes as the wasm32 size_t sees them: 2^31, the largest 32-bit value (size + header
  // overflows), and one byte more than the largest class holds.
  for (const size of [2 ** 31, 2 ** 32 - 1, 2 ** 30 - 7]) {
    assert.equal(exports.malloc(size) >>> 0, 0, `malloc(${size})`);
  }
  assert.equal(exports.memory.buffer.byteLength, bytes, 'refused requests took no memory');
  const live = new LiveBlocks();
  live.allocate(24, 'after the refusals');
  live.releaseAll('after the refusals');
});

test('20,000 seeded mallocs and frees: aligned, in memory, disjoint, contents intact, memory reused', (t) => {
  const live = new LiveBlocks();
  const start = exports.memory.buffer.byteLength;
  run(live, SEED, 'first pass');
  const { maxLive, nextId } = live;
  live.releaseAll('first pass, freeing all');
  const afterFirst = exports.memory.buffer.byteLength;
  t.diagnostic(`${nextId - 1} blocks a pass, at most ${maxLive} live, up to byte ${live.highest}; ` +
    `memory ${start} -> ${afterFirst} bytes`);
  assert.ok(afterFirst > start, 'the first pass grew memory (else the second proves nothing)');

  // The same sequence again: no class ever has more blocks live than in the first pass,
  // so every request is met from the free lists and memory stays as it is.
  const again = new LiveBlocks();
  run(again, SEED, 'second pass');
  assert.equal(again.maxLive, maxLive, 'the second pass repeats the first');
  again.releaseAll('second pass, freeing all');
  assert.equal(exports.memory.buffer.byteLength, afterFirst, 'second pass grew memory: blocks not reused');
  // Finer than whole 64 KiB pages: not one block past those of the first pass.
  assert.ok(again.highest <= live.highest, `second pass reached ${again.highest}, first ${live.highest}`);
});

test('the core still validates and checks queues on the reused heap, beside live blocks', () => {
  // Half a pass left live, so the core's own allocations come from reused blocks between them.
  const live = new LiveBlocks();
  const next = random(SEED ^ 0x5bd1e995);
  for (let i = 0; i < 2000; i++) {
    if (live.ids.length && next.below(3) === 0) live.release(next.below(live.ids.length), 'setup');
    else live.allocate(requestSize(next), 'setup');
  }
  const core = wrapCore(module);
  assertValidationFixtures(core);
  const storage = fixture('tracker_storage.json');
  for (const c of storage.cases.filter((x) => x.kind === 'queue' && !x.expect.error)) {
    assert.equal(core.checkQueue(JSON.stringify(c.document), storage.now).events, c.expect.events, c.name);
  }
  live.verifyAll('after the core\'s calls');
  live.releaseAll('after the core\'s calls');
});
