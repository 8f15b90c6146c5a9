import { spawn, type ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { listeningPid } from '../../faults/lib/processes.ts';
import { findFreePort } from '../../scripts/lib/embedded-postgres.ts';
import { ROOT_DIR } from '../../scripts/lib/subgraphs.ts';

/** The processes whose parent is `pid`, with their command lines. */
function childrenOf(pid: number): { pid: number; command: string }[] {
  try {
    return execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(pid)], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const [, id, command] = /^\s*(\d+)\s+(.*)$/.exec(line)!;
        return { pid: Number(id), command: command! };
      });
  } catch {
    return [];
  }
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs: number): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    if (await check()) return performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`not within ${timeoutMs} ms`);
}

const ready = (url: string) => async () => {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(1_000) })).status === 200;
  } catch {
    return false;
  }
};

/** `npm start`'s supervisor on the test database, on free ports, started through `shell` when given. */
async function startSystem({ viaShell = false, waitUntilReady = true, standby = true } = {}) {
  const ports = { PORT: await findFreePort(), CATALOG_PORT: await findFreePort(), STOCK_PORT: await findFreePort(), CMDB_PORT: await findFreePort(), APPROVALS_PORT: await findFreePort() };
  const env = {
    ...process.env,
    NODE_ENV: 'development',
    DATABASE_URL: inject('databaseUrl'),
    SEED_DEMO_DATA: 'false',
    LOG_LEVEL: 'error',
    STANDBY_PROCESSES: String(standby),
    ...Object.fromEntries(Object.entries(ports).map(([name, port]) => [name, String(port)])),
  };
  const entry = join(ROOT_DIR, 'scripts', 'start.ts');
  const child: ChildProcess = viaShell
    ? spawn('/bin/sh', ['-c', `"${process.execPath}" "${entry}"`], { env, cwd: ROOT_DIR, stdio: 'ignore' })
    : spawn(process.execPath, [entry], { env, cwd: ROOT_DIR, stdio: 'ignore' });
  const gateway = `http://127.0.0.1:${ports.PORT}`;
  if (waitUntilReady) await waitFor(ready(`${gateway}/readyz`), 60_000);
  else if (viaShell) await waitFor(() => childrenOf(child.pid!).length > 0, 10_000);
  const supervisorPid = viaShell ? childrenOf(child.pid!)[0]!.pid : child.pid!;
  return { child, gateway, supervisorPid, ports, processes: () => childrenOf(supervisorPid) };
}

describe('npm start supervising the system', () => {
  const started: ChildProcess[] = [];
  const everything: number[] = [];
  afterEach(() => {
    // Ends only what this test started, should an assertion have failed half-way.
    for (const pid of everything) if (alive(pid)) process.kill(pid, 'SIGKILL');
    for (const child of started) child.kill('SIGKILL');
  });

  it('hands a killed subgraph over to its standby at once while the rest keep serving, and leaves nothing behind on SIGTERM', async () => {
    const system = await startSystem();
    started.push(system.child);
    // Each of the five processes gets a standby once it serves.
    await waitFor(() => system.processes().length === 10, 60_000);
    const processes = system.processes();
    everything.push(system.supervisorPid, ...processes.map((process) => process.pid));
    const cmdbs = processes.filter((process) => process.command.includes('subgraphs/cmdb')).map((process) => process.pid);
    expect(cmdbs).toHaveLength(2);
    const serving = listeningPid(system.ports.CMDB_PORT, cmdbs)!;
    const standby = cmdbs.find((pid) => pid !== serving)!;
    expect(serving).not.toBeNull();

    process.kill(serving, 'SIGKILL');
    const down = await fetch(`${system.gateway}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'dev-analyst' },
      body: JSON.stringify({ query: '{ asset(id: "1") { serialNumber configurationItem { code } } }' }),
    });
    expect(down.status).toBe(200);
    const recovery = await waitFor(ready(`${system.gateway}/readyz`), 10_000);
    process.stdout.write(`supervision: cmdb killed with SIGKILL, whole system ready again after ${Math.round(recovery)} ms\n`);
    // The process serving cmdb now is the standby that was waiting before the kill.
    expect(listeningPid(system.ports.CMDB_PORT, [standby])).toBe(standby);
    // And a new standby takes its place.
    await waitFor(() => system.processes().length === 10, 60_000);
    everything.push(...system.processes().map((process) => process.pid));

    process.kill(system.supervisorPid, 'SIGTERM');
    await waitFor(() => !alive(system.supervisorPid), 40_000);
    expect(everything.filter(alive)).toEqual([]);
  }, 120_000);

  it('starts a killed subgraph again when it runs without a standby', async () => {
    const system = await startSystem({ standby: false });
    started.push(system.child);
    const processes = system.processes();
    everything.push(system.supervisorPid, ...processes.map((process) => process.pid));
    expect(processes).toHaveLength(5);
    const cmdb = processes.find((process) => process.command.includes('subgraphs/cmdb'))!;
    process.kill(cmdb.pid, 'SIGKILL');
    await waitFor(async () => !(await ready(`${system.gateway}/readyz`)()), 5_000);
    await waitFor(ready(`${system.gateway}/readyz`), 30_000);
    const again = system.processes();
    everything.push(...again.map((process) => process.pid));
    expect(again).toHaveLength(5);
    expect(again.map((process) => process.pid)).not.toContain(cmdb.pid);

    process.kill(system.supervisorPid, 'SIGTERM');
    await waitFor(() => !alive(system.supervisorPid), 40_000);
    expect(everything.filter(alive)).toEqual([]);
  }, 120_000);

  it('stops everything when the shell that started it is ended by a process manager', async () => {
    const system = await startSystem({ viaShell: true });
    started.push(system.child);
    everything.push(system.supervisorPid, ...system.processes().map((process) => process.pid));
    system.child.kill('SIGTERM');
    await waitFor(() => everything.every((pid) => !alive(pid)), 40_000);
    expect(everything.filter(alive)).toEqual([]);
  }, 90_000);

  it('stops everything when that shell is ended while the system is still starting', async () => {
    const system = await startSystem({ viaShell: true, waitUntilReady: false });
    started.push(system.child);
    everything.push(system.supervisorPid);
    // Mid-start: the first subgraphs are spawned, the gateway is not serving yet.
    await waitFor(() => system.processes().length > 0, 20_000);
    everything.push(...system.processes().map((process) => process.pid));
    system.child.kill('SIGTERM');
    await waitFor(() => {
      // Whatever it still spawns while it notices is counted too.
      everything.push(...system.processes().map((process) => process.pid));
      return everything.every((pid) => !alive(pid));
    }, 40_000);
    expect(everything.filter(alive)).toEqual([]);
  }, 90_000);
});
