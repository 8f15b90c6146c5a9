import { spawn, type ChildProcess } from 'node:child_process';

export interface ManagedProcess {
  readonly name: string;
  readonly child: ChildProcess;
  /** Resolves with the exit code (or signal) once the process has exited. */
  readonly exited: Promise<string>;
}

/**
 * Runs a TypeScript entry point on this same Node binary, prefixing every
 * output line with the process name so interleaved logs stay readable.
 */
export function spawnNodeProcess(name: string, entry: string, env: NodeJS.ProcessEnv, cwd: string): ManagedProcess {
  // The IPC channel is how the child learns that its supervisor is gone (see runProcess).
  const child = spawn(process.execPath, [entry], { cwd, env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  const prefix = `[${name}] `;
  const relay = (stream: NodeJS.WritableStream) => {
    let pending = '';
    return (chunk: Buffer) => {
      pending += chunk.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) stream.write(`${prefix}${line}\n`);
    };
  };
  child.stdout?.on('data', relay(process.stdout));
  child.stderr?.on('data', relay(process.stderr));
  const exited = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) => resolve(signal ? `signal ${signal}` : `code ${code}`));
  });
  return { name, child, exited };
}

/** Asks a process to stop (SIGTERM) and kills it if it has not exited within `graceMs`. */
export async function stopProcess(managed: ManagedProcess, graceMs = 10_000): Promise<void> {
  if (managed.child.exitCode !== null || managed.child.signalCode !== null) return;
  managed.child.kill('SIGTERM');
  const timer = setTimeout(() => managed.child.kill('SIGKILL'), graceMs);
  await managed.exited;
  clearTimeout(timer);
}

/** Polls `url` until it answers 200, or rejects after `timeoutMs` or when `exited` settles first. */
export async function waitUntilReady(url: string, exited: Promise<string>, timeoutMs = 30_000): Promise<void> {
  let done = false;
  const died = exited.then((how) => {
    if (!done) throw new Error(`exited (${how}) before it was ready`);
  });
  const poll = (async () => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
        if (response.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    throw new Error(`not ready at ${url} after ${timeoutMs} ms`);
  })();
  try {
    await Promise.race([poll, died]);
  } finally {
    done = true;
  }
}
