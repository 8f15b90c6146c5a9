/**
 * Environment parsing shared by every process. Each process has exactly one
 * `config.ts` that calls these helpers once at start-up; nothing else reads
 * `process.env`.
 *
 * Every problem is collected and reported together, so an operator fixes a
 * broken deployment in one pass instead of one restart per variable.
 */
export class ConfigError extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

export type Env = Readonly<Record<string, string | undefined>>;

/** Reads typed values from an environment, remembering every problem it sees. */
export class EnvReader {
  readonly #env: Env;
  readonly #problems: string[] = [];

  constructor(env: Env) {
    this.#env = env;
  }

  /** A string; `fallback` when unset or empty. */
  string(name: string, fallback: string): string;
  string(name: string): string | undefined;
  string(name: string, fallback?: string): string | undefined {
    const value = this.#env[name]?.trim();
    return value === undefined || value === '' ? fallback : value;
  }

  /** A required string: a problem is recorded when it is missing. */
  required(name: string): string {
    const value = this.string(name);
    if (value === undefined) {
      this.#problems.push(`${name} is required`);
      return '';
    }
    return value;
  }

  /** An integer within [min, max]. */
  integer(name: string, fallback: number, { min = 0, max = Number.MAX_SAFE_INTEGER } = {}): number {
    const raw = this.string(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      this.#problems.push(`${name} must be an integer between ${min} and ${max}, got "${raw}"`);
      return fallback;
    }
    return value;
  }

  /** A TCP port; 0 asks the OS for a free one. */
  port(name: string, fallback: number): number {
    return this.integer(name, fallback, { min: 0, max: 65535 });
  }

  /** `true/false/1/0/yes/no`. */
  boolean(name: string, fallback: boolean): boolean {
    const raw = this.string(name)?.toLowerCase();
    if (raw === undefined) return fallback;
    if (['true', '1', 'yes'].includes(raw)) return true;
    if (['false', '0', 'no'].includes(raw)) return false;
    this.#problems.push(`${name} must be true or false, got "${raw}"`);
    return fallback;
  }

  /** One of a fixed set of values. */
  oneOf<T extends string>(name: string, values: readonly T[], fallback: T): T {
    const raw = this.string(name);
    if (raw === undefined) return fallback;
    if (!(values as readonly string[]).includes(raw)) {
      this.#problems.push(`${name} must be one of ${values.join(', ')}, got "${raw}"`);
      return fallback;
    }
    return raw as T;
  }

  /** An absolute http(s) URL. */
  url(name: string, fallback?: string): string {
    const raw = this.string(name) ?? fallback;
    if (raw === undefined) {
      this.#problems.push(`${name} is required`);
      return '';
    }
    try {
      const parsed = new URL(raw);
      if (!['http:', 'https:', 'postgres:', 'postgresql:'].includes(parsed.protocol)) throw new Error('protocol');
      return raw;
    } catch {
      this.#problems.push(`${name} must be a URL, got "${raw}"`);
      return raw;
    }
  }

  /** Records a problem found by a cross-field rule. */
  problem(message: string): void {
    this.#problems.push(message);
  }

  /** Throws a `ConfigError` listing everything wrong, if anything is. */
  done(): void {
    if (this.#problems.length > 0) throw new ConfigError(this.#problems);
  }
}

/** The modes a process runs in. Production disables every development convenience. */
export type RuntimeMode = 'development' | 'test' | 'production';

/**
 * Reads `NODE_ENV` into a runtime mode. Development conveniences (dev keys,
 * default secrets, open CORS for localhost) must be asked for: an unset
 * `NODE_ENV` means production, so a process started without it fails safe.
 * `npm start` sets `development`, the test harness `test`. Anything
 * unknown is a problem, not a guess.
 */
export function readRuntimeMode(env: EnvReader, fallback: RuntimeMode = 'production'): RuntimeMode {
  return env.oneOf('NODE_ENV', ['development', 'test', 'production'] as const, fallback);
}
