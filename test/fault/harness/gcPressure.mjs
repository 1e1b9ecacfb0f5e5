// Preloaded into `weft run` (node --expose-gc --import …) by the timeout tests: a full garbage
// collection every 25 ms, so a timer that only a collectable object holds (Node 20's AbortSignal.any over
// AbortSignal.timeout) is collected long before it fires.
if (typeof globalThis.gc !== 'function') throw new Error('gcPressure.mjs needs node --expose-gc');
setInterval(() => globalThis.gc(), 25).unref();
