import { spawn, type ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { chownSync, copyFileSync, lstatSync, mkdirSync, readdirSync, readlinkSync, symlinkSync, appendFileSync, writeFileSync, createWriteStream } from 'node:fs';
import { arch, platform, userInfo } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { findFreePort } from '../embedded-postgres.ts';

/** A hot standby streaming from a primary, run from the same server binaries. */
export interface StreamingReplica {
  /** The replica's URL for database `name`. */
  urlOf(name: string): string;
  readonly port: number;
  readonly pid: number;
  stop(): Promise<void>;
}

/** The replication slot and the replica's name in `pg_stat_replication`. */
export const REPLICA_NAME = 'scale_replica';

/**
 * Paths PostgreSQL rebuilds on start, or that belong to the running primary
 * only; a base backup leaves their contents out (the directories stay).
 */
const SKIPPED_CONTENTS = new Set(['pg_wal', 'pg_replslot', 'pg_dynshmem', 'pg_notify', 'pg_serial', 'pg_snapshots', 'pg_stat_tmp', 'pg_subtrans']);
const SKIPPED_FILES = new Set(['postmaster.pid', 'postmaster.opts', 'backup_label.old', 'tablespace_map.old']);

/** The directory of the embedded PostgreSQL's `postgres` binary for this machine. */
async function postgresBinary(): Promise<string> {
  const binaries = (await import(`@embedded-postgres/${platform()}-${arch()}`)) as { postgres: string };
  return binaries.postgres;
}

/** The uid and gid of the `postgres` user when this process is root (PostgreSQL refuses to run as root). */
function serverUser(): { uid: number; gid: number } | null {
  if (userInfo().uid !== 0) return null;
  return {
    uid: Number(execFileSync('id', ['-u', 'postgres']).toString().trim()),
    gid: Number(execFileSync('id', ['-g', 'postgres']).toString().trim()),
  };
}

/**
 * Copies a live data directory file by file. Files may change or vanish
 * while they are copied; the WAL replayed from the backup's start puts the
 * copy right, exactly as for `pg_basebackup`.
 */
function copyDataDirectory(from: string, to: string, owner: { uid: number; gid: number } | null, depth = 0): void {
  mkdirSync(to, { recursive: true, mode: 0o700 });
  if (owner) chownSync(to, owner.uid, owner.gid);
  for (const entry of readdirSync(from)) {
    if (depth === 0 && SKIPPED_FILES.has(entry)) continue;
    if (entry.startsWith('pgsql_tmp') || entry === 'pg_internal.init') continue;
    const source = join(from, entry);
    const target = join(to, entry);
    let stat;
    try {
      stat = lstatSync(source);
    } catch {
      continue;
    }
    if (stat.isDirectory()) {
      if (depth === 0 && SKIPPED_CONTENTS.has(entry)) {
        mkdirSync(target, { mode: 0o700 });
        if (entry === 'pg_wal') mkdirSync(join(target, 'archive_status'), { mode: 0o700 });
        if (owner) execFileSync('chown', ['-R', `${owner.uid}:${owner.gid}`, target]);
        continue;
      }
      copyDataDirectory(source, target, owner, depth + 1);
    } else if (stat.isSymbolicLink()) {
      symlinkSync(readlinkSync(source), target);
    } else {
      try {
        copyFileSync(source, target);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
        throw error;
      }
      if (owner) chownSync(target, owner.uid, owner.gid);
    }
  }
}

/**
 * Makes a streaming replica of the primary at `primaryUrl` (whose data
 * directory is `primaryDataDir`, on this machine) in `replicaDir`, and starts
 * it on a free port. The embedded PostgreSQL package ships `initdb` and
 * `postgres` but not `pg_basebackup`, so this takes the base backup the way
 * pg_basebackup does: a physical replication slot that keeps the WAL from
 * here on, `pg_backup_start`, a copy of the data directory, `pg_backup_stop`
 * and its backup label; the replica then streams from the slot. The server
 * log goes to `logFile`.
 */
export async function startStreamingReplica(primaryUrl: string, primaryDataDir: string, replicaDir: string, logFile: string): Promise<StreamingReplica> {
  const owner = serverUser();
  const primary = new pg.Client({ connectionString: primaryUrl, application_name: 'scale-base-backup' });
  await primary.connect();
  try {
    await primary.query('SELECT pg_create_physical_replication_slot($1, true)', [REPLICA_NAME]);
    await primary.query("SELECT pg_backup_start('scale-replica', true)");
    copyDataDirectory(primaryDataDir, replicaDir, owner);
    const { rows } = await primary.query<{ labelfile: string; spcmapfile: string | null }>('SELECT labelfile, spcmapfile FROM pg_backup_stop(false)');
    writeFileSync(join(replicaDir, 'backup_label'), rows[0]!.labelfile);
    if (rows[0]!.spcmapfile) writeFileSync(join(replicaDir, 'tablespace_map'), rows[0]!.spcmapfile);
  } finally {
    await primary.end();
  }

  const source = new URL(primaryUrl);
  const conninfo = [
    `host=${source.hostname}`,
    `port=${source.port}`,
    `user=${decodeURIComponent(source.username)}`,
    `password=${decodeURIComponent(source.password)}`,
    `application_name=${REPLICA_NAME}`,
  ].join(' ');
  writeFileSync(join(replicaDir, 'standby.signal'), '');
  appendFileSync(
    join(replicaDir, 'postgresql.auto.conf'),
    [
      `primary_conninfo = '${conninfo.replaceAll("'", "''")}'`,
      `primary_slot_name = '${REPLICA_NAME}'`,
      // Long reports on the replica are not cancelled by the primary's clean-up.
      'hot_standby_feedback = on',
      '',
    ].join('\n'),
  );
  for (const file of ['backup_label', 'tablespace_map', 'standby.signal', 'postgresql.auto.conf']) {
    try {
      if (owner) chownSync(join(replicaDir, file), owner.uid, owner.gid);
    } catch {
      // tablespace_map exists only with tablespaces
    }
  }

  const port = await findFreePort();
  const log = createWriteStream(logFile, { flags: 'a' });
  const child: ChildProcess = spawn(
    await postgresBinary(),
    ['-D', replicaDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'],
    { ...(owner ?? {}), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const urlOf = (name: string) => {
    const url = new URL(primaryUrl);
    url.port = String(port);
    url.pathname = `/${name}`;
    return url.toString();
  };

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the replica exited during start-up (code ${child.exitCode}); see ${logFile}`);
    const probe = new pg.Client({ connectionString: urlOf('postgres'), connectionTimeoutMillis: 1_000 });
    try {
      await probe.connect();
      const { rows } = await probe.query<{ recovering: boolean }>('SELECT pg_is_in_recovery() AS recovering');
      if (!rows[0]!.recovering) throw new Error('the replica is not in recovery');
      break;
    } catch (error) {
      if (error instanceof Error && error.message === 'the replica is not in recovery') throw error;
      if (Date.now() > deadline) throw new Error(`the replica did not accept connections within 60 s; see ${logFile}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    } finally {
      await probe.end().catch(() => undefined);
    }
  }

  return {
    urlOf,
    port,
    pid: child.pid!,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGINT');
        const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
        await exited;
        clearTimeout(timer);
      }
      log.end();
    },
  };
}

/** Waits until the replica named `REPLICA_NAME` streams from the primary at `primaryUrl`. */
export async function waitUntilStreaming(primaryUrl: string, timeoutMs = 60_000): Promise<void> {
  const client = new pg.Client({ connectionString: primaryUrl, application_name: 'scale-monitor' });
  await client.connect();
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { rows } = await client.query<{ state: string }>('SELECT state FROM pg_stat_replication WHERE application_name = $1', [REPLICA_NAME]);
      if (rows[0]?.state === 'streaming') return;
      if (Date.now() > deadline) throw new Error(`the replica is not streaming after ${timeoutMs} ms (state: ${rows[0]?.state ?? 'not connected'})`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } finally {
    await client.end();
  }
}
