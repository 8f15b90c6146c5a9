import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDatabase, findFreePort, startEmbeddedPostgres, type EmbeddedDatabase } from '../../scripts/lib/embedded-postgres.ts';
import { migrate } from '../../scripts/lib/migrate.ts';
import { seedDemoData } from '../../scripts/lib/seed.ts';
import { ROOT_DIR } from '../../scripts/lib/subgraphs.ts';
import { descendantsOf, isAlive, listeningPid, waitFor, type ProcessInfo } from './processes.ts';

/** The parts `npm start` runs, as the fault suite names them. */
export type PartName = 'gateway' | 'catalog' | 'stock' | 'cmdb' | 'approvals';
export const PARTS: readonly PartName[] = ['gateway', 'catalog', 'stock', 'cmdb', 'approvals'];

function partOf(command: string): PartName | null {
  if (command.includes('gateway/src/index.ts')) return 'gateway';
  const match = /subgraphs\/(catalog|stock|cmdb|approvals)\/src\/index\.ts/.exec(command);
  return (match?.[1] as PartName | undefined) ?? null;
}

/** The PostgreSQL server the suite owns: it may stop and start it at will (never a shared one). */
export interface OwnedPostgres {
  readonly serverUrl: string;
  readonly port: number;
  running(): boolean;
  /** Fast shutdown: every connection is ended (57P01) and the server exits. */
  stop(): Promise<void>;
  /** Starts it again on the same port, with the same data. */
  start(): Promise<void>;
}

/** The whole system as `npm start` runs it, on a database server of the suite's own. */
export interface FaultSystem {
  readonly gatewayUrl: string;
  readonly subgraphUrls: Record<Exclude<PartName, 'gateway'>, string>;
  readonly databaseUrl: string;
  readonly postgres: OwnedPostgres;
  /** The `npm` process itself: what a process manager started and signals. */
  readonly npm: ChildProcess;
  /** The supervisor (`node scripts/start.ts`) below npm. */
  readonly supervisorPid: number;
  /** Every process of each part below the supervisor (the serving one and its standby), by name. */
  parts(): Map<PartName, ProcessInfo[]>;
  /** The process serving a part now: the one listening on its port (null while none does). */
  servingPid(name: PartName): number | null;
  /** Every process ever seen below npm (supervisor, parts, shells), for the orphan check. */
  readonly seen: Set<number>;
  /** Records the processes below npm now into `seen`. */
  census(): void;
  /** The supervisor's output, as printed so far. */
  log(): string;
  /** Waits (at most `timeoutMs`) until `part` has a loaded standby again after its takeovers so far; false if it did not. */
  waitForStandby(part: PartName, timeoutMs?: number): Promise<boolean>;
  /** Ends whatever this suite started that is still alive (after a failure half-way), then removes the data. */
  dispose(): Promise<void>;
}

export interface SystemOptions {
  /** Extra settings for every process `npm start` runs. */
  readonly env?: Record<string, string>;
}

/**
 * Starts a private embedded PostgreSQL cluster (in `.data/faults-<pid>`),
 * creates, migrates and seeds the demo database on it, then runs `npm start`
 * against it on free loopback ports and waits until the gateway is ready.
 */
export async function startFaultSystem({ env = {} }: SystemOptions = {}): Promise<FaultSystem> {
  const dataDir = join(ROOT_DIR, '.data', `faults-${process.pid}`);
  rmSync(dataDir, { recursive: true, force: true });
  let server: EmbeddedDatabase = await startEmbeddedPostgres(dataDir);
  const port = server.port;
  const postgres: OwnedPostgres = {
    serverUrl: server.serverUrl,
    port,
    running: () => server.running(),
    stop: () => server.stop(),
    async start() {
      server = await startEmbeddedPostgres(dataDir, () => undefined, { port });
    },
  };
  let npm: ChildProcess | null = null;
  const seen = new Set<number>();
  const dispose = async () => {
    for (const pid of seen) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    if (npm && npm.exitCode === null && npm.signalCode === null) npm.kill('SIGKILL');
    if (server.running()) await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const databaseUrl = await ensureDatabase(server.serverUrl, 'inventory');
    await migrate(databaseUrl);
    await seedDemoData(databaseUrl);

    const ports = { PORT: await findFreePort(), CATALOG_PORT: await findFreePort(), STOCK_PORT: await findFreePort(), CMDB_PORT: await findFreePort(), APPROVALS_PORT: await findFreePort() };
    const logFile = createWriteStream(join(dataDir, 'system.log'));
    let output = '';
    const keep = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      logFile.write(text);
      // The supervisor's own lines (restarts, stops) are what the suite reads; part logs go to the file only.
      for (const line of text.split('\n')) if (line && !line.startsWith('[') && !line.startsWith('{')) output += `${line}\n`;
    };
    // What a user runs: npm, which runs the start script through a shell.
    npm = spawn('npm', ['start', '--silent'], {
      cwd: ROOT_DIR,
      env: {
        ...process.env,
        PATH: `${join(ROOT_DIR, 'node_modules', '.bin')}:${process.env.PATH ?? ''}`,
        NODE_ENV: 'development',
        DATABASE_URL: databaseUrl,
        SEED_DEMO_DATA: 'false',
        LOG_LEVEL: 'warn',
        // The suite sends far more than a minute's budget per key; the per-key rate limit is not under test.
        RATE_LIMIT_PER_MINUTE: '0',
        ...Object.fromEntries(Object.entries(ports).map(([name, value]) => [name, String(value)])),
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    npm.stdout?.on('data', keep);
    npm.stderr?.on('data', keep);
    const npmPid = npm.pid!;
    const gatewayUrl = `http://127.0.0.1:${ports.PORT}`;
    const census = () => {
      for (const info of descendantsOf(npmPid)) seen.add(info.pid);
    };
    const ready = await waitFor(async () => {
      census();
      try {
        return (await fetch(`${gatewayUrl}/readyz`, { signal: AbortSignal.timeout(1_000) })).status === 200;
      } catch {
        return false;
      }
    }, 120_000, 200);
    if (ready === null) throw new Error(`npm start was not ready within 120 s:\n${output}`);
    // Faults start once every process has its standby, as on a system that has been up a while.
    if (env.STANDBY_PROCESSES !== 'false' && (await waitFor(() => output.includes('Standbys ready'), 120_000, 100)) === null) throw new Error(`no standbys within 120 s:\n${output}`);
    // npm runs the script through a shell whose command line names it too: the supervisor is the node process.
    const supervisor = descendantsOf(npmPid).find((info) => /(^|\/)node /.test(info.command) && info.command.includes('scripts/start.ts'));
    if (!supervisor) throw new Error('no supervisor below npm start');
    const parts = () => {
      const found = new Map<PartName, ProcessInfo[]>();
      for (const info of descendantsOf(supervisor.pid)) {
        seen.add(info.pid);
        const name = partOf(info.command);
        if (name && info.ppid === supervisor.pid) found.set(name, [...(found.get(name) ?? []), info]);
      }
      return found;
    };
    const portOf: Record<PartName, number> = { gateway: ports.PORT, catalog: ports.CATALOG_PORT, stock: ports.STOCK_PORT, cmdb: ports.CMDB_PORT, approvals: ports.APPROVALS_PORT };
    return {
      gatewayUrl,
      servingPid: (name) => listeningPid(portOf[name], (parts().get(name) ?? []).map((info) => info.pid)),
      subgraphUrls: {
        catalog: `http://127.0.0.1:${ports.CATALOG_PORT}`,
        stock: `http://127.0.0.1:${ports.STOCK_PORT}`,
        cmdb: `http://127.0.0.1:${ports.CMDB_PORT}`,
        approvals: `http://127.0.0.1:${ports.APPROVALS_PORT}`,
      },
      databaseUrl,
      postgres,
      npm,
      supervisorPid: supervisor.pid,
      parts,
      seen,
      census,
      log: () => output,
      async waitForStandby(part, timeoutMs = 60_000) {
        const occurrences = (text: string) => output.split('\n').filter((line) => line.startsWith(text)).length;
        const takeovers = occurrences(`${part} exited`);
        return (await waitFor(() => occurrences(`${part} has a standby again.`) >= takeovers, timeoutMs, 100)) !== null;
      },
      dispose,
    };
  } catch (error) {
    await dispose();
    throw error;
  }
}
