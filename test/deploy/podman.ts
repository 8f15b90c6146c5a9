import { execFile, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Podman with the repository's settings (deploy/podman/containers.conf). */
const ENV = { ...process.env, CONTAINERS_CONF: `${ROOT}deploy/podman/containers.conf` };

export interface CommandResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Why the container tests cannot run here, or null when podman works. */
export function podmanUnavailable(): string | null {
  const result = spawnSync('podman', ['info', '--format', '{{.Host.OCIRuntime.Name}}'], { env: ENV, encoding: 'utf8', timeout: 60_000 });
  if (result.error) return 'podman is not installed (apt-get install podman buildah runc debootstrap; .ci/run does this as root)';
  if (result.status !== 0) return `podman does not work here: ${result.stderr.trim().split('\n').pop()}`;
  return null;
}

/** Runs podman and resolves with its exit code and output, whatever the code. */
export function podman(args: readonly string[], { timeoutMs = 120_000 }: { timeoutMs?: number } = {}): Promise<CommandResult> {
  return new Promise((resolve) => {
    execFile('podman', args, { env: ENV, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024, encoding: 'utf8' }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * The image under test: INVENTORY_IMAGE when set (CI builds it once before
 * the tests), else built now with deploy/podman/build-image.sh (cached
 * layers make a rebuild after a source change take seconds).
 */
export async function imageUnderTest(): Promise<{ image: string; builtInSeconds: number | null }> {
  if (process.env.INVENTORY_IMAGE) return { image: process.env.INVENTORY_IMAGE, builtInSeconds: null };
  const started = Date.now();
  const result = await new Promise<CommandResult>((resolve) => {
    execFile(`${ROOT}deploy/podman/build-image.sh`, ['localhost/inventory:test'], { env: ENV, timeout: 20 * 60_000, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' }, (error, stdout, stderr) =>
      resolve({ code: error ? 1 : 0, stdout, stderr }),
    );
  });
  if (result.code !== 0) throw new Error(`the image did not build:\n${result.stderr.slice(-4000)}`);
  return { image: result.stdout.trim(), builtInSeconds: Math.round((Date.now() - started) / 1000) };
}
