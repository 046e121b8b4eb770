import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHub, type Hub, type HubOptions } from '../app';
import type { Config } from '../config';
import { describeConnectionError, isConnectionError } from '../db/database';
import type { Logger } from '../logger';
import { sendJson } from './http';

/** A start-up problem the operator must fix; main prints its message as one line and exits. */
export class StartupError extends Error {
  override name = 'StartupError';
}

export interface Startup {
  /** The GraphQL endpoint's URL, known as soon as the port is open. */
  url: string;
  server: Server;
  /** Why the hub is not ready yet; null once it is. */
  reason(): string | null;
  /** Resolves with the hub once the database was reached, migrated and seeded. */
  ready: Promise<Hub>;
  /** Gives up waiting for the database (a signal during start-up) and closes the port. */
  abort(): Promise<void>;
}

/**
 * Opens the port first and answers /healthz at once and /readyz with 503 and the reason, then
 * reaches the database, trying again with a doubling wait (up to DATABASE_RETRY_MAX_MS) while it
 * is unreachable, and only then migrates, seeds and hands the port to the hub. An orchestrator
 * thus sees a live process that is not ready, instead of one that dies and restarts in a loop.
 */
export async function startHub(config: Config, logger: Logger, make: (options: HubOptions) => Promise<Hub> = (options) => createHub(config, logger, options)): Promise<Startup> {
  let reason: string | null = 'connecting to the database';
  let aborted = false;
  let wake: (() => void) | undefined;
  const server = createServer();
  const starting = (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/healthz') return sendJson(res, 200, { status: 'ok', ready: false });
    res.setHeader('retry-after', '5');
    if (path === '/readyz') return sendJson(res, 503, { status: 'starting', reason });
    sendJson(res, 503, { error: `The hub is starting (${reason}); try again shortly.`, code: 'SERVICE_UNAVAILABLE' });
  };
  server.on('request', starting);
  const url = await listen(server, config.PORT, config.HOST);

  const ready = (async () => {
    for (let attempt = 0; ; attempt++) {
      try {
        const hub = await make({ server });
        server.off('request', starting);
        reason = null;
        return hub;
      } catch (error) {
        if (aborted) throw new StartupError('start-up was stopped before the database was reached');
        if (!isConnectionError(error)) throw startupErrorOf(error, config);
        const wait = Math.min(500 * 2 ** attempt, config.DATABASE_RETRY_MAX_MS);
        reason = config.DATABASE_URL ? describeConnectionError(error, config.DATABASE_URL) : (error as Error).message;
        logger.warn({ attempt: attempt + 1, retryInMs: wait }, `${reason}; trying again in ${Math.round(wait / 100) / 10} s`);
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, wait).unref();
        });
        if (aborted) throw new StartupError('start-up was stopped before the database was reached');
      }
    }
  })();
  // Handled by whoever awaits `ready`; this keeps an abort from being reported as unhandled.
  ready.catch(() => undefined);

  return {
    url,
    server,
    reason: () => reason,
    ready,
    async abort() {
      aborted = true;
      wake?.();
      if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function listen(server: Server, port: number, host: string): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') reject(new StartupError(`Port ${port} on ${host} is already in use by another program; stop it or set PORT to a free port.`));
      else if (error.code === 'EACCES') reject(new StartupError(`Port ${port} on ${host} needs privileges this process lacks; set PORT to 1024 or above.`));
      else if (error.code === 'EADDRNOTAVAIL') reject(new StartupError(`HOST=${host} is not an address of this machine; use 0.0.0.0 or 127.0.0.1.`));
      else reject(error);
    });
    server.listen(port, host, () => {
      const address = server.address() as AddressInfo;
      resolve(`http://${host === '0.0.0.0' ? 'localhost' : host}:${address.port}/graphql`);
    });
  });
}

/** PostgreSQL's answers that waiting will not change, as one line saying what to fix. */
function startupErrorOf(error: unknown, config: Config): unknown {
  const code = (error as { code?: string }).code ?? (error as { driverError?: { code?: string } }).driverError?.code;
  const user = config.DATABASE_URL ? decodeURIComponent(new URL(config.DATABASE_URL).username || 'postgres') : 'postgres';
  if (code === '28P01' || code === '28000') {
    return new StartupError(`PostgreSQL refused user "${user}" (wrong password or no access); fix DATABASE_URL, percent-encoding reserved characters of the password (/ as %2F).`);
  }
  if (code === '3D000') return new StartupError(`The database named in DATABASE_URL does not exist; create it (createdb) or fix the URL.`);
  return error;
}
