import { connect, type Socket } from 'node:net';

/**
 * The benchmark's HTTP client: HTTP/1.1 with keep-alive, one request at a time on a connection,
 * answers framed by Content-Length, read into one buffer per connection (net's `onread`).
 *
 * Why not node:http, undici or autocannon: a cached answer of the 4,000 test offices is 2.3 MB, and
 * receiving it cost node:http 3.0–4.4 ms of the client's CPU, undici 2.4–5.1 ms and autocannon
 * 2.8–8.3 ms, while the hub spent 0.9 ms sending it (Node 20 and 24, 1,000 answers each, 2 December
 * 2026). The client and the hub share two cores and, one request at a time, the client's time is in
 * every latency: what the benchmark measured for cached answers was mostly its own client. Read
 * through `onread`, the same answers cost 0.5–0.6 ms, as much as curl's.
 */

/** What the client keeps of an answer's body when asked not to keep it all: enough for a message. */
const KEPT_BYTES = 300;
/** Bytes one read may bring; loopback hands over up to a few hundred KB at a time. */
const READ_BUFFER_BYTES = 1024 * 1024;
/** The longest head (status line and headers) taken from a server. */
const MAX_HEAD_BYTES = 64 * 1024;

export interface Answer {
  status: number;
  /** Header names in lower case; a repeated header keeps its last value. */
  headers: Record<string, string>;
  /** The body's length in bytes. */
  bytes: number;
  /** The whole body when kept, else its first 300 bytes. */
  body: Buffer;
}

interface Pending {
  keep: boolean;
  resolve: (answer: Answer) => void;
  reject: (error: Error) => void;
  /** The part of a head that came in reads before the one that ends it. */
  head: Buffer | null;
  status: number;
  headers: Record<string, string>;
  /** Body bytes still to come; -1 while the head is being read. */
  remaining: number;
  bytes: number;
  body: Buffer[];
  keptBytes: number;
  /** The server said `Connection: close`. */
  closes: boolean;
}

/** One keep-alive connection to a server. */
class Connection {
  private readonly socket: Socket;
  private pending: Pending | null = null;
  private failure: Error | null = null;
  readonly connected: Promise<void>;

  constructor(
    readonly origin: string,
    host: string,
    port: number,
    private readonly onIdle: (connection: Connection) => void,
    private readonly onClosed: (connection: Connection) => void,
  ) {
    const buffer = Buffer.allocUnsafe(READ_BUFFER_BYTES);
    const callback = (n: number) => {
      this.read(buffer, n);
      return true;
    };
    this.socket = connect({ host, port, noDelay: true, onread: { buffer, callback } });
    this.connected = new Promise((resolve, reject) => {
      this.socket.once('connect', () => resolve());
      this.socket.once('error', reject);
    });
    this.socket.on('error', (error) => this.fail(error));
    const closed = () => this.fail(new Error(`${origin} closed the connection`));
    this.socket.on('end', closed);
    this.socket.on('close', closed);
  }

  get usable(): boolean {
    return !this.failure && !this.pending;
  }

  send(request: Buffer, keep: boolean): Promise<Answer> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.pending) return Promise.reject(new Error('a connection carries one request at a time'));
    return new Promise((resolve, reject) => {
      this.pending = { keep, resolve, reject, head: null, status: 0, headers: {}, remaining: -1, bytes: 0, body: [], keptBytes: 0, closes: false };
      this.socket.write(request);
    });
  }

  close(): void {
    this.fail(new Error('the client was closed'));
  }

  private read(buffer: Buffer, n: number): void {
    // The read buffer is reused for the next read: whatever is kept must be copied out of it.
    let data = buffer.subarray(0, n);
    const p = this.pending;
    if (!p) return this.fail(new Error(`${this.origin} sent ${n} bytes with no request waiting`));
    if (p.remaining < 0) {
      // Only the head is copied: the first read usually brings much of the body with it.
      const joined = p.head ? Buffer.concat([p.head, data.subarray(0, MAX_HEAD_BYTES)]) : data;
      const end = joined.indexOf('\r\n\r\n');
      if (end < 0) {
        if (joined.length > MAX_HEAD_BYTES) return this.fail(new Error(`${this.origin} sent no end of headers within ${MAX_HEAD_BYTES} bytes`));
        p.head = Buffer.from(joined);
        return;
      }
      try {
        this.parseHead(p, joined.toString('latin1', 0, end));
      } catch (error) {
        return this.fail(error as Error);
      }
      data = data.subarray(end + 4 - (p.head?.length ?? 0));
      p.head = null;
    }
    if (data.length > p.remaining) return this.fail(new Error(`${this.origin} sent ${data.length - p.remaining} bytes past the answer's Content-Length`));
    p.remaining -= data.length;
    p.bytes += data.length;
    if (p.keep) p.body.push(Buffer.from(data));
    else if (p.keptBytes < KEPT_BYTES && data.length) {
      const part = Buffer.from(data.subarray(0, KEPT_BYTES - p.keptBytes));
      p.body.push(part);
      p.keptBytes += part.length;
    }
    if (p.remaining > 0) return;
    this.pending = null;
    if (p.closes) this.fail(new Error(`${this.origin} closed the connection after an answer`));
    p.resolve({ status: p.status, headers: p.headers, bytes: p.bytes, body: Buffer.concat(p.body) });
    if (!p.closes) this.onIdle(this);
  }

  private parseHead(p: Pending, head: string): void {
    const [statusLine = '', ...lines] = head.split('\r\n');
    const status = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine);
    if (!status) throw new Error(`${this.origin} answered with a status line this client does not read: ${JSON.stringify(statusLine.slice(0, 100))}`);
    p.status = Number(status[1]);
    for (const line of lines) {
      const colon = line.indexOf(':');
      if (colon > 0) p.headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    if (p.headers['transfer-encoding']) throw new Error(`${this.origin} answered with Transfer-Encoding: ${p.headers['transfer-encoding']}; this client reads answers framed by Content-Length only`);
    const bodiless = p.status < 200 || p.status === 204 || p.status === 304;
    const length = p.headers['content-length'];
    if (length === undefined && !bodiless) throw new Error(`${this.origin} answered ${p.status} without a Content-Length; this client reads answers framed by Content-Length only`);
    p.remaining = bodiless ? 0 : Number(length);
    if (!Number.isSafeInteger(p.remaining) || p.remaining < 0) throw new Error(`${this.origin} answered with Content-Length ${JSON.stringify(length)}`);
    p.closes = p.headers.connection?.toLowerCase() === 'close';
  }

  private fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    this.socket.destroy();
    this.onClosed(this);
    const p = this.pending;
    this.pending = null;
    p?.reject(error);
  }
}

/** Connections by origin, opened as requests need them and reused when idle. */
export class BenchClient {
  private readonly idle = new Map<string, Connection[]>();
  private readonly all = new Set<Connection>();

  /** POSTs `body` as JSON; keeps the whole answer only when `keep` (a measured request counts its bytes). */
  async post(url: string, body: string, keep = true): Promise<Answer> {
    const target = new URL(url);
    const payload = Buffer.from(body);
    const request = Buffer.concat([
      Buffer.from(
        `POST ${target.pathname}${target.search} HTTP/1.1\r\nHost: ${target.host}\r\nContent-Type: application/json\r\nContent-Length: ${payload.length}\r\nConnection: keep-alive\r\n\r\n`,
        'latin1',
      ),
      payload,
    ]);
    const connection = await this.connection(target);
    return connection.send(request, keep);
  }

  close(): void {
    for (const connection of [...this.all]) connection.close();
    this.all.clear();
    this.idle.clear();
  }

  private async connection(target: URL): Promise<Connection> {
    const idle = this.idle.get(target.origin) ?? [];
    for (let c = idle.pop(); c; c = idle.pop()) if (c.usable) return c;
    const connection = new Connection(
      target.origin,
      target.hostname,
      Number(target.port || 80),
      (c) => {
        const list = this.idle.get(c.origin) ?? [];
        list.push(c);
        this.idle.set(c.origin, list);
      },
      // The hub closes a connection idle for 5 s, as between phases: its read buffer goes with it.
      (c) => this.all.delete(c),
    );
    this.all.add(connection);
    await connection.connected;
    return connection;
  }
}
