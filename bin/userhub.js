#!/usr/bin/env -S node --min-semi-space-size=16 --max-semi-space-size=16
// (the flags of bin/node-flags.js, which says why)
import('../dist/main.js').then(async ({ main }) => {
  const code = await main(process.argv.slice(2));
  if (code >= 0) process.exitCode = code;
});
