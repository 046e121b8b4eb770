// The child process of src/first-start.ts: node first-start-child.js <data folder> <settings as JSON>.
import 'reflect-metadata';
import pino from 'pino';
import { Database } from './db/database';
import type { FirstStartMessage, FirstStartSettings } from './first-start';
import { migrateAndSeed } from './seed';

const [dataDir, settingsJson] = process.argv.slice(2);
const settings = JSON.parse(settingsJson ?? '{}') as FirstStartSettings;
const send = (message: FirstStartMessage, then: () => void = () => undefined) => process.send?.(message, then);
let done = false;
// The hub stopped (a signal, a crash): stop too, before writing more into a folder nobody will open.
process.on('disconnect', () => {
  if (!done) process.exit(1);
});

async function main(): Promise<void> {
  if (!dataDir) throw new Error('the data folder to create was not given');
  const logger = pino({ level: settings.logLevel, base: undefined }, { write: (line: string) => send({ log: line }) });
  // initdb in this process, as PGlite runs it when it opens a folder without a database: what it
  // leaves resident ends with this process, and a third process cost 3-8 s more (17.7-27.4 s
  // against 11.7-19.2 s for the whole child, load 6-7).
  const db = await Database.open({ dataDir, logger, createDataDir: () => Promise.resolve() });
  try {
    await migrateAndSeed(db, settings, logger);
  } finally {
    await db.close();
  }
}

// Each ends the process once its message (and every log line before it) is on the channel.
main().then(
  () => {
    done = true;
    send({ done: true }, () => process.exit(0));
  },
  (error: unknown) => {
    done = true;
    send({ error: error instanceof Error ? error.message : String(error) }, () => process.exit(1));
  },
);
