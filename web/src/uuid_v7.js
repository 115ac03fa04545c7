// UUIDv7 message ids made in the browser at track() time (SPEC §2, §5), so an event keeps
// its id through reloads and retries and the collector's (source, messageId) key makes
// every resend idempotent.
//
// Same algorithm as the core's UuidV7Generator (shared/src/uuid.cpp), bit for bit:
// 48-bit ms timestamp, then a 12-bit counter seeded from the first two random bytes
// (top bit clear) each new millisecond, then 62 random bits. tests/fixtures/uuid_v7.json
// holds both to the same ids.

const HEX = [];
for (let i = 0; i < 256; i++) HEX.push((i + 0x100).toString(16).slice(1));

// random(n) returns n random bytes (crypto.getRandomValues in the browser).
export function createUuidV7Generator(random) {
  let lastMs = -1;
  let counter = 0;
  return function next(nowMs) {
    const r = random(10);
    if (nowMs > lastMs) {
      lastMs = nowMs;
      counter = ((r[0] << 8) | r[1]) & 0x7ff;
    } else if (++counter > 0xfff) {
      lastMs++;  // counter exhausted: borrow the next millisecond to stay monotonic
      counter = ((r[0] << 8) | r[1]) & 0x7ff;
    }
    const hi = Math.floor(lastMs / 0x10000);  // top 32 of the 48 timestamp bits
    const lo = lastMs % 0x10000;
    return (
      (hi + 0x100000000).toString(16).slice(1) + '-' +
      (lo + 0x10000).toString(16).slice(1) + '-' +
      (0x7000 | counter).toString(16) + '-' +
      HEX[0x80 | (r[2] & 0x3f)] + HEX[r[3]] + '-' +
      HEX[r[4]] + HEX[r[5]] + HEX[r[6]] + HEX[r[7]] + HEX[r[8]] + HEX[r[9]]
    );
  };
}

// Random bytes from crypto.getRandomValues, drawn 640 bytes at a time: one call per 64 ids
// keeps track() cheap.
export function cryptoRandom() {
  let pool = new Uint8Array(0);
  let at = 0;
  return (n) => {
    if (at + n > pool.length) {
      pool = crypto.getRandomValues(new Uint8Array(640));
      at = 0;
    }
    at += n;
    return pool.subarray(at - n, at);
  };
}
