import { compareDecimals, ConfigError, EnvReader, hasAtMostDecimalPlaces, isStorableDecimal, readSubgraphConfig, type Env, type SubgraphConfig } from '@inventory/platform';
import { CONFIDENCE_PLACES, DEFAULT_APPROVAL_RULES, type ApprovalRules } from './domain/movement-rules.ts';

/** The stock rules and background work a deployment can tune. */
export interface StockSettings {
  readonly approvalRules: ApprovalRules;
  /** How often the reservation-expiry worker looks for overdue reservations. */
  readonly reservationExpiryIntervalMs: number;
  /** The longest a write waits for catalog's events about a part or asset it names that stock has not applied yet. */
  readonly catalogWaitMs: number;
}

export const DEFAULT_STOCK_SETTINGS: StockSettings = { approvalRules: DEFAULT_APPROVAL_RULES, reservationExpiryIntervalMs: 30_000, catalogWaitMs: 2_000 };

export interface StockConfig extends SubgraphConfig {
  readonly stock: StockSettings;
}

/** A decimal threshold with at most `places` decimal places, `off` to disable the rule. */
function readThreshold(reader: EnvReader, name: string, fallback: string | null, max: string | null, places = 6): string | null {
  const raw = reader.string(name);
  if (raw === undefined) return fallback;
  if (raw.toLowerCase() === 'off') return null;
  if (!isStorableDecimal(raw) || !hasAtMostDecimalPlaces(raw, places) || compareDecimals(raw, '0') < 0 || (max !== null && compareDecimals(raw, max) > 0)) {
    reader.problem(`${name} must be a decimal between 0 and ${max ?? 'any amount'} with at most ${places} decimal places (or "off"), got "${raw}"`);
    return fallback;
  }
  return raw;
}

/**
 * The stock subgraph's configuration; the only place its process
 * environment is read. Besides the settings every subgraph shares:
 * `STOCK_APPROVE_ADJUSTMENTS` (default true), `STOCK_APPROVAL_VALUE_THRESHOLD`
 * (default 10000, `off` disables), `STOCK_APPROVAL_CONFIDENCE_THRESHOLD`
 * (default 0.8, `off` disables), `STOCK_RESERVATION_EXPIRY_INTERVAL_MS`
 * (default 30000) and `STOCK_CATALOG_WAIT_MS` (default 2000). Every problem
 * is reported at once.
 */
export function readConfig(env: Env = process.env): StockConfig {
  const problems: string[] = [];
  let base: SubgraphConfig | null = null;
  try {
    base = readSubgraphConfig(env, { name: 'stock', defaultPort: 4002 });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(...error.problems);
  }
  const reader = new EnvReader(env);
  const defaults = DEFAULT_STOCK_SETTINGS;
  const stock: StockSettings = {
    approvalRules: {
      adjustments: reader.boolean('STOCK_APPROVE_ADJUSTMENTS', defaults.approvalRules.adjustments),
      valueThreshold: readThreshold(reader, 'STOCK_APPROVAL_VALUE_THRESHOLD', defaults.approvalRules.valueThreshold, null),
      confidenceThreshold: readThreshold(reader, 'STOCK_APPROVAL_CONFIDENCE_THRESHOLD', defaults.approvalRules.confidenceThreshold, '1', CONFIDENCE_PLACES),
    },
    reservationExpiryIntervalMs: reader.integer('STOCK_RESERVATION_EXPIRY_INTERVAL_MS', defaults.reservationExpiryIntervalMs, { min: 100, max: 86_400_000 }),
    catalogWaitMs: reader.integer('STOCK_CATALOG_WAIT_MS', defaults.catalogWaitMs, { min: 0, max: 60_000 }),
  };
  try {
    reader.done();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(...error.problems);
  }
  if (problems.length > 0 || base === null) throw new ConfigError(problems);
  return { ...base, stock };
}
