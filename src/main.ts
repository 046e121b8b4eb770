import { createHub } from './app';
import { ConfigError, loadConfig } from './config';
import { DataDirInUseError } from './db/lock';
import { createLogger } from './logger';

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
  const hub = await createHub(config, logger).catch((error: unknown) => {
    if (error instanceof ConfigError || error instanceof DataDirInUseError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  });
  const url = await hub.listen();
  logger.info({ url, database: hub.db.kind }, `Målestokk is ready: open ${url} in a browser`);
  let stopping = false;
  const stop = async (signal: string) => {
    // Stay the handler while closing: a repeated signal must not kill the process half-way,
    // before the embedded database is flushed and its lock released.
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    await hub.close();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
