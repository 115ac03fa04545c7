// The lazily loaded WebAssembly core (wasm/core_bindings.cpp): loading it, and turning
// its results into JS values or thrown Errors, in this one place. The core answers JSON
// text; {"error":{"code","message"}} becomes an Error with that code.

export function wrapCore(module) {
  const call = (fn, ...args) => {
    const result = JSON.parse(module[fn](...args));
    if (result && result.error) {
      const error = new Error('insightos core: ' + result.error.message);
      error.code = result.error.code;
      throw error;
    }
    return result;
  };
  return {
    validateBatch: (body, nowMs) => call('validateBatch', body, nowMs),
    checkQueue: (text, nowMs) => call('checkQueue', text, nowMs),
    scoreVisitor: (model, history, traits, campaign, atMs) => call('scoreVisitor', model, history, traits, campaign, atMs),
  };
}

// Loads the content-hashed glue and .wasm from base. Rejects when either cannot load or
// the page's CSP forbids compiling WebAssembly (no 'wasm-unsafe-eval'): the tracker then
// goes on without the core.
export function loadCore(base, glueFile, wasmFile) {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = base + glueFile;
    script.async = true;
    script.onerror = () => reject(new Error('cannot load ' + script.src));
    script.onload = () => {
      // eslint-disable-next-line no-undef
      InsightosCore({ locateFile: () => base + wasmFile }).then((module) => resolve(wrapCore(module)), reject);
    };
    document.head.appendChild(script);
  });
}
