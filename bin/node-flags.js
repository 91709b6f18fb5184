// The V8 flags the server runs with: `npm start` (scripts/start.mjs), `userhub serve` (the
// shebang of bin/userhub.js carries the same list; a test holds the two together) and every
// server the bench starts.
//
// A young generation fixed at 16 MiB per semi-space. By default (Node 20 and 22 here) V8 starts
// it at 1 MiB, grows it while enough survives each scavenge (up to 32 MiB here) and shrinks it
// when the process idles, so what a server costs per request depends on its history.
// Measured (bench/README.md, 2026-12-04), an authenticated read on SQLite, 200 cookies in
// rotation: 57 µs of CPU with the default, 44-46 µs with 16 MiB fixed (32 MiB: 46 µs), while
// 8 MiB fixed cost 67 µs, 24 MiB 51 µs and 64 MiB 65 µs. The figure is not monotonic in the
// size: measure again before changing it. Resident memory: 3-4 MiB more after start, and after
// load less than with the default (177 against 186 MiB).
module.exports = ['--min-semi-space-size=16', '--max-semi-space-size=16'];
