#!/usr/bin/env -S node --min-semi-space-size=16 --max-semi-space-size=16
// (the flags of bin/node-flags.js, which says why)
// CommonJS (bin/package.json), so that it runs before any ES module is loaded: libuv reads
// UV_THREADPOOL_SIZE once, when its pool first starts, and Node 20's ES module loader starts it
// while reading the first module. require() of an ES module (Node >= 20.19) reads synchronously.
const { loadConfig } = require('../dist/config.js');
const { threadPoolSize } = require('../dist/lib/thread-pool.js');

try {
  process.env.UV_THREADPOOL_SIZE = String(threadPoolSize(loadConfig().hashing.threads, process.env.UV_THREADPOOL_SIZE));
} catch {
  // a configuration error: main() reports it
}

import('../dist/main.js').then(async ({ main }) => {
  const code = await main(process.argv.slice(2));
  if (code >= 0) process.exitCode = code;
});
