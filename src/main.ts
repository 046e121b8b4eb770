import { ConfigError, loadConfig } from './config';
import { DataDirInUseError } from './db/lock';
import { HUB_PROGRAM, wasmCompilerProblem } from './db/pglite';
import { createLogger } from './logger';
import { collectStartUpGarbage } from './memory';
import { StartupError, startHub } from './server/startup';

/** A mistake the operator can fix: one line on stderr and exit code 2, never a stack trace. */
function isOperatorError(error: unknown): error is Error {
  return error instanceof ConfigError || error instanceof DataDirInUseError || error instanceof StartupError;
}

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger(config.LOG_LEVEL);
  const compiler = config.DATABASE_URL ? null : wasmCompilerProblem(config.EMBEDDED_WASM_COMPILER, HUB_PROGRAM);
  if (compiler?.level === 'error') {
    console.error(compiler.message);
    process.exit(2);
  }
  if (compiler) logger.warn(compiler.message);
  const startup = await startHub(config, logger);
  logger.info({ url: startup.url }, 'listening; /healthz answers, /readyz waits for the database');

  let stopping = false;
  let hub: Awaited<typeof startup.ready> | undefined;
  const stop = async (signal: string) => {
    // Stay the handler while closing: a repeated signal must not kill the process half-way,
    // before the embedded database is flushed and its lock released.
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing requests in flight, refusing new ones');
    if (hub) await hub.close();
    else await startup.abort();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  try {
    hub = await startup.ready;
  } catch (error) {
    if (stopping) return;
    throw error;
  }
  if (stopping) {
    await hub.close();
    return;
  }
  logger.info({ url: startup.url, database: hub.db.kind }, `Målestokk is ready: open ${startup.url} in a browser`);
  collectStartUpGarbage();
}

main().catch((error: unknown) => {
  if (isOperatorError(error)) {
    console.error(error.message);
    process.exit(2);
  }
  console.error(error);
  process.exit(1);
});
