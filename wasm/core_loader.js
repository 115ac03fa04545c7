// The loader of the WebAssembly core (wasm/core_bindings.cpp), written by hand in place of
// Emscripten's generated glue: the core needs no runtime besides memory, malloc and three
// host functions, and the glue's size counts against the tracker's bar (SPEC §12 P4).
//
// InsightosCore({locateFile, wasmBinary}) -> Promise of {validateBatch, checkQueue,
// isUuidV7, jsonNumber, trackerLimits, scoreVisitor}: the functions take and return JS
// strings and numbers (JSON text in, JSON text out, as core_bindings.cpp documents). Given
// wasmBinary it never fetches (Node tests); otherwise it fetches locateFile('...wasm').
// The promise rejects when the module cannot load or the page's CSP forbids compiling
// WebAssembly. A script for a <script> tag (defines the global InsightosCore) and a
// CommonJS module (module.exports) alike. No eval or new Function: it runs under a CSP
// without 'unsafe-eval' (compiling the module still needs 'wasm-unsafe-eval').
(function (root) {
  'use strict';

  // "%.*g" of a finite double, as printf writes it: the double's exact decimal expansion
  // (BigInt), rounded half-to-even to precision digits. (Lexemes and "%.*g" are ASCII.)
  function formatG(precision, value) {
    var view = new DataView(new ArrayBuffer(8));
    view.setFloat64(0, value);
    var bits = view.getBigUint64(0);
    var negative = bits >> BigInt(63) ? '-' : '';
    var biased = Number((bits >> BigInt(52)) & BigInt(2047));
    var mantissa = bits & ((BigInt(1) << BigInt(52)) - BigInt(1));
    if (biased) mantissa |= BigInt(1) << BigInt(52);
    var exp2 = (biased || 1) - 1075;
    // value = digits * 10^-scale, exactly.
    var digits = (exp2 >= 0 ? mantissa << BigInt(exp2) : mantissa * BigInt(5) ** BigInt(-exp2)).toString();
    var scale = exp2 >= 0 ? 0 : -exp2;
    if (mantissa == 0) return negative + '0';
    var p = precision || 1;
    var exp10 = digits.length - 1 - scale;
    if (digits.length > p) {
      var kept = digits.slice(0, p), rest = digits.slice(p);
      var up = rest[0] > '5' || (rest[0] == '5' && (/[1-9]/.test(rest.slice(1)) || kept.slice(-1) % 2));
      if (up) {
        kept = (BigInt(kept) + BigInt(1)).toString();
        if (kept.length > p) { kept = kept.slice(0, p); exp10++; }
      }
      digits = kept;
    }
    digits = digits.padEnd(p, '0');
    if (exp10 < -4 || exp10 >= p) {
      var frac = digits.slice(1).replace(/0+$/, '');
      var e = Math.abs(exp10);
      return negative + digits[0] + (frac ? '.' + frac : '') + 'e' + (exp10 < 0 ? '-' : '+') + (e < 10 ? '0' : '') + e;
    }
    if (exp10 < 0) return negative + ('0.' + '0'.repeat(-exp10 - 1) + digits).replace(/0+$/, '');
    var whole = digits.slice(0, exp10 + 1), decimals = digits.slice(exp10 + 1).replace(/0+$/, '');
    return negative + whole + (decimals ? '.' + decimals : '');
  }

  function InsightosCore(options) {
    var exports;
    var bytes = function () { return new Uint8Array(exports.memory.buffer); };
    var encoder = new TextEncoder();
    var decoder = new TextDecoder();
    // The NUL-terminated string at address; memory may have grown since the last view.
    var readString = function (address) {
      var heap = bytes();
      return decoder.decode(heap.subarray(address, heap.indexOf(0, address)));
    };
    var env = {
      parseFloat: function (text) {
        var value = parseFloat(readString(text));
        return value === value ? value : 0;  // strtod returns 0 when nothing parses
      },
      formatG: function (out, size, precision, value) {
        var text = formatG(precision, value);
        var heap = bytes();
        var written = Math.min(text.length, size - 1);
        for (var i = 0; i < written; i++) heap[out + i] = text.charCodeAt(i);
        heap[out + written] = 0;
        return text.length;
      },
      exp: Math.exp,
    };
    // Calls export name with the arguments, strings copied in as (address, length) pairs
    // and freed afterwards; returns the export's result as is.
    var call = function (name, args) {
      var flat = [], owned = [];
      try {
        args.forEach(function (arg) {
          if (typeof arg != 'string') return flat.push(arg);
          var utf8 = encoder.encode(arg);
          var address = exports.malloc(utf8.length || 1);
          if (!address) throw new Error('insightos core: out of memory');
          owned.push(address);
          bytes().set(utf8, address);
          flat.push(address, utf8.length);
        });
        return exports[name].apply(null, flat);
      } finally {
        owned.forEach(exports.free);
      }
    };
    var text = function (name) {
      return function () { return readString(call(name, [].slice.call(arguments))); };
    };

    var binary = options.wasmBinary ? Promise.resolve(options.wasmBinary)
      : fetch(options.locateFile('insightos-core.wasm')).then(function (response) {
        if (!response.ok) throw new Error('cannot load ' + response.url + ': HTTP ' + response.status);
        return response.arrayBuffer();
      });
    return binary.then(function (wasm) {
      return WebAssembly.instantiate(wasm, { env: env, wasi_snapshot_preview1: {
        proc_exit: function (code) { throw new Error('insightos core: exit ' + code); },  // abort()
      } });
    }).then(function (result) {
      exports = result.instance.exports;
      if (exports._initialize) exports._initialize();  // static constructors
      return {
        validateBatch: text('insightos_validate_batch'),
        checkQueue: text('insightos_check_queue'),
        isUuidV7: function (id) { return call('insightos_is_uuid_v7', [id]) == 1; },
        jsonNumber: text('insightos_json_number'),
        trackerLimits: text('insightos_tracker_limits'),
        scoreVisitor: text('insightos_score_visitor'),
      };
    });
  }

  if (typeof module == 'object' && module.exports) module.exports = InsightosCore;
  else root.InsightosCore = InsightosCore;
})(this);
