// Child process for the writer-lock tests: opens the store of argv[2], prints `locked <pid>` and
// keeps the lock until it is killed.
import { openStore } from '@oi/storage';

const dataDir = process.argv[2];
if (dataDir === undefined) throw new Error('usage: hold-lock.ts <dataDir>');
await openStore({ dataDir });
process.stdout.write(`locked ${process.pid}\n`);
setInterval(() => undefined, 60_000);
