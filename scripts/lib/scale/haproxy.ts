import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';

/** One balanced service: where clients reach it, and the replicas behind it. */
export interface BalancedService {
  readonly name: string;
  readonly port: number;
  readonly servers: readonly { readonly name: string; readonly port: number }[];
  /** The path the balancer polls; a replica that does not answer 200 there gets no requests. */
  readonly checkPath: string;
}

export interface RunningBalancer {
  readonly pid: number;
  /** Requests the balancer sent again to another replica, and connection errors it saw, per backend (from its stats socket). */
  stats(): Promise<Record<string, { retries: number; redispatches: number; connectionErrors: number; responseErrors: number; serversUp: number }>>;
  /** Takes a replica out of rotation (`maint`, its requests finish) or puts it back (`ready`), as an operator would. */
  setState(backend: string, server: string, state: 'maint' | 'ready'): Promise<void>;
  stop(): Promise<void>;
}

/** The HAProxy binary on the PATH (Debian's `haproxy` package), or null. */
export function haproxyBinary(): string | null {
  for (const candidate of ['/usr/sbin/haproxy', '/usr/bin/haproxy', '/usr/local/sbin/haproxy']) {
    try {
      execFileSync(candidate, ['-v'], { stdio: 'ignore' });
      return candidate;
    } catch {
      // not there
    }
  }
  return null;
}

/**
 * The HAProxy configuration for the services: each on a loopback port,
 * round robin over its replicas, with active health checks every 500 ms
 * (down after two misses; a check may take 3 s, since a replica busy under
 * load is slow, not dead) and layer-7 retries. A request that could not be
 * delivered (connection refused) or that a replica dropped without an answer
 * (it died mid-request) is sent again, to another replica (`redispatch`).
 * Retrying a dropped mutation is safe here because every write the API
 * offers for replay carries an idempotency key (the same key twice gives
 * one ledger row). Keep-alive timeouts are longer than the gateway's own,
 * so the gateway, not the balancer, closes idle connections, and a request
 * never meets a connection closing under it.
 */
export function haproxyConfig(services: readonly BalancedService[], statsSocket: string): string {
  const lines = [
    'global',
    '  maxconn 4096',
    `  stats socket ${statsSocket} mode 600 level admin`,
    '',
    'defaults',
    '  mode http',
    '  timeout connect 1s',
    '  timeout client 65s',
    '  timeout server 30s',
    '  timeout http-keep-alive 65s',
    '  timeout queue 10s',
    // A replica busy under load may take a while to answer its check; only a dead one (refused) or a hung one is taken out.
    '  timeout check 3s',
    '  option http-buffer-request',
    '  retries 3',
    '  retry-on conn-failure empty-response',
    '  option redispatch 1',
    '  default-server inter 500ms fastinter 250ms downinter 500ms fall 2 rise 2',
    '',
  ];
  for (const service of services) {
    lines.push(
      `frontend ${service.name}_in`,
      `  bind 127.0.0.1:${service.port}`,
      `  default_backend ${service.name}`,
      '',
      `backend ${service.name}`,
      '  balance roundrobin',
      `  option httpchk GET ${service.checkPath}`,
      '  http-check expect status 200',
      ...service.servers.map((server) => `  server ${server.name} 127.0.0.1:${server.port} check`),
      '',
    );
  }
  return lines.join('\n');
}

/** Writes the configuration and runs HAProxy in the foreground as a child of this process; its output goes to `logFile`. */
export async function startHaproxy(binary: string, configFile: string, services: readonly BalancedService[], statsSocket: string, logFile: string): Promise<RunningBalancer> {
  writeFileSync(configFile, haproxyConfig(services, statsSocket));
  execFileSync(binary, ['-c', '-q', '-f', configFile]);
  const log = createWriteStream(logFile, { flags: 'a' });
  const child: ChildProcess = spawn(binary, ['-db', '-f', configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 10_000;
  while (!(await answers(services[0]!.port))) {
    if (child.exitCode !== null) throw new Error(`haproxy exited during start-up; see ${logFile}`);
    if (Date.now() > deadline) throw new Error(`haproxy did not listen within 10 s; see ${logFile}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    pid: child.pid!,
    async stats() {
      const csv = await askSocket(statsSocket, 'show stat\n');
      const [header, ...rows] = csv.split('\n').filter((line) => line.length > 0);
      const columns = header!.replace(/^# /, '').split(',');
      const at = (row: string[], name: string) => Number(row[columns.indexOf(name)] || 0);
      const result: Awaited<ReturnType<RunningBalancer['stats']>> = {};
      for (const line of rows) {
        const row = line.split(',');
        const [backend, server] = [row[0]!, row[1]!];
        if (!services.some((service) => service.name === backend)) continue;
        const entry = (result[backend] ??= { retries: 0, redispatches: 0, connectionErrors: 0, responseErrors: 0, serversUp: 0 });
        if (server === 'BACKEND') {
          entry.retries = at(row, 'wretr');
          entry.redispatches = at(row, 'wredis');
          entry.connectionErrors = at(row, 'econ');
          entry.responseErrors = at(row, 'eresp');
        } else if (row[columns.indexOf('status')]?.startsWith('UP')) {
          entry.serversUp += 1;
        }
      }
      return result;
    },
    async setState(backend, server, state) {
      const answer = await askSocket(statsSocket, `set server ${backend}/${server} state ${state}\n`);
      if (answer.trim() !== '') throw new Error(`haproxy refused to set ${backend}/${server} to ${state}: ${answer.trim()}`);
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
      log.end();
    },
  };
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function askSocket(path: string, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let answer = '';
    const socket = createConnection({ path });
    socket.once('connect', () => socket.write(command));
    socket.on('data', (chunk) => (answer += chunk.toString('utf8')));
    socket.once('end', () => resolve(answer));
    socket.once('error', reject);
  });
}
