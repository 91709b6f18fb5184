// A second process's writes, in a worker thread (its own SQLite connection and event loop):
// short write transactions, one every few milliseconds as a busy server makes them, until told to stop.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const db = new Database(workerData.file);
db.pragma('busy_timeout = 5000');
db.exec('create table if not exists writer_log (n integer primary key, at text not null)');
const touch = db.prepare('insert into writer_log (at) values (?)');
let stop = false;
let writes = 0;
parentPort.on('message', () => (stop = true));
const sleep = new Int32Array(new SharedArrayBuffer(4));
while (!stop) {
  db.exec('begin immediate');
  touch.run(new Date().toISOString());
  Atomics.wait(sleep, 0, 0, 2); // hold the write lock a moment, like a request's transaction
  db.exec('commit');
  writes++;
  await new Promise((resolve) => setTimeout(resolve, 3)); // then a moment with the lock free
}
db.close();
parentPort.postMessage(writes);
