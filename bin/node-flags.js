// The V8 flags the server runs with: `npm start` (scripts/start.mjs), `userhub serve` (the
// shebang of bin/userhub.js carries the same list; a test holds the two together) and every
// server the bench starts.
//
// A young generation fixed at 16 MiB per semi-space. By default (Node 20 and 22 here) it
// starts at 1 MiB, grows only while enough survives each scavenge, and shrinks again when the
// process idles, so a server could run for good with a young generation of a few MiB: each
// request's garbage then meets more scavenges, and each scavenge copies every request still in
// flight. Measured (bench/README.md, 2026-12-04): an authenticated read on SQLite, 200 cookies in
// rotation, 57 µs of CPU with the default and 44-46 µs with 16 (or 32) MiB fixed; 8 MiB fixed cost
// 67 µs, 24 MiB 51 µs, 64 MiB 65 µs (not monotonic: measure again before changing it).
// Resident memory: 3-4 MiB more after start, and after load less than with the default (177
// against 186 MiB).
module.exports = ['--min-semi-space-size=16', '--max-semi-space-size=16'];
