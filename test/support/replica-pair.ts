import { execFile } from 'node:child_process';
import { appendFileSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';

const run = promisify(execFile);

/**
 * A PostgreSQL primary and a streaming standby of it, made for one test file from the server's
 * own programs (initdb, pg_basebackup, pg_ctl) in a temporary folder, on two free ports; about two
 * seconds. As root (CI), the servers run as the `postgres` user, since PostgreSQL refuses root.
 */
export interface ReplicaPair {
  primaryUrl: string;
  standbyUrl: string;
  /** Stops the standby replaying WAL, so that it falls behind every write from now on. */
  pauseReplay(): Promise<void>;
  resumeReplay(): Promise<void>;
  /** Waits until the standby has replayed everything the primary has written. */
  caughtUp(): Promise<void>;
  stop(): Promise<void>;
}

/** Where PostgreSQL's server programs are (PG_BINDIR, else the newest under /usr/lib/postgresql); null when they are not installed. */
export function postgresBinDir(): string | null {
  if (process.env.PG_BINDIR) return existsSync(path.join(process.env.PG_BINDIR, 'initdb')) ? process.env.PG_BINDIR : null;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root).filter((v) => existsSync(path.join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(root, versions[0], 'bin') : null;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export async function startReplicaPair(bin: string): Promise<ReplicaPair> {
  const root = userInfo().uid === 0;
  const dir = mkdtempSync(path.join(tmpdir(), 'malestokk-replica-'));
  const ids = root ? postgresIds() : null;
  if (ids) chownSync(dir, ids.uid, ids.gid);
  const as = (program: string, args: string[]) => (root ? run('runuser', ['-u', 'postgres', '--', path.join(bin, program), ...args]) : run(path.join(bin, program), args));
  const [primaryPort, standbyPort] = [await freePort(), await freePort()];
  const primary = path.join(dir, 'primary');
  const standby = path.join(dir, 'standby');
  const started: string[] = [];
  const stop = async () => {
    for (const data of started.reverse()) await as('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await as('initdb', ['-D', primary, '-A', 'trust', '-U', 'postgres', '--no-sync']);
    appendFileSync(
      path.join(primary, 'postgresql.conf'),
      `listen_addresses = '127.0.0.1'\nport = ${primaryPort}\nunix_socket_directories = '${dir}'\nwal_level = replica\nmax_wal_senders = 4\nfsync = off\n`,
    );
    appendFileSync(path.join(primary, 'pg_hba.conf'), 'host replication all 127.0.0.1/32 trust\n');
    await as('pg_ctl', ['-D', primary, '-l', path.join(dir, 'primary.log'), '-w', 'start']);
    started.push(primary);
    await as('pg_basebackup', ['-h', '127.0.0.1', '-p', String(primaryPort), '-U', 'postgres', '-D', standby, '-R', '-X', 'stream', '-c', 'fast']);
    appendFileSync(path.join(standby, 'postgresql.auto.conf'), `port = ${standbyPort}\n`);
    await as('pg_ctl', ['-D', standby, '-l', path.join(dir, 'standby.log'), '-w', 'start']);
    started.push(standby);
  } catch (error) {
    await stop();
    throw error;
  }
  const primaryUrl = `postgres://postgres@127.0.0.1:${primaryPort}/postgres`;
  const standbyUrl = `postgres://postgres@127.0.0.1:${standbyPort}/postgres`;
  const on = async <T>(url: string, sql: string): Promise<T | undefined> => {
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query(sql)).rows[0] as T | undefined;
    } finally {
      await client.end();
    }
  };
  return {
    primaryUrl,
    standbyUrl,
    pauseReplay: async () => void (await on(standbyUrl, 'SELECT pg_wal_replay_pause()')),
    resumeReplay: async () => void (await on(standbyUrl, 'SELECT pg_wal_replay_resume()')),
    caughtUp: async () => {
      const target = (await on<{ lsn: string }>(primaryUrl, 'SELECT pg_current_wal_lsn()::text AS lsn'))?.lsn;
      for (let i = 0; i < 200; i++) {
        const row = await on<{ done: boolean }>(standbyUrl, `SELECT pg_last_wal_replay_lsn() >= '${target}'::pg_lsn AS done`);
        if (row?.done) return;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(`the standby did not replay up to ${target} within 10 s`);
    },
    stop,
  };
}

function postgresIds(): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('postgres:'));
  if (!line) throw new Error('running as root, the replica pair needs a "postgres" user to run PostgreSQL as');
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}
