import { ConfigError } from '@inventory/platform';
import { describe, expect, it } from 'vitest';
import { readConfig } from './config.ts';

const base = { DATABASE_URL: 'postgres://localhost/x', NODE_ENV: 'test' };

describe('stock configuration', () => {
  it('defaults to approving every adjustment, values from 10000 and confidence below 0.8', () => {
    expect(readConfig(base).stock).toEqual({
      approvalRules: { adjustments: true, valueThreshold: '10000', confidenceThreshold: '0.8' },
      reservationExpiryIntervalMs: 30_000,
      catalogWaitMs: 2_000,
    });
  });

  it('reads the approval rules from the environment, and "off" switches a threshold off', () => {
    const config = readConfig({
      ...base, STOCK_APPROVE_ADJUSTMENTS: 'false', STOCK_APPROVAL_VALUE_THRESHOLD: 'off', STOCK_APPROVAL_CONFIDENCE_THRESHOLD: '0.95',
      STOCK_RESERVATION_EXPIRY_INTERVAL_MS: '5000', STOCK_CATALOG_WAIT_MS: '500',
    });
    expect(config.stock).toEqual({
      approvalRules: { adjustments: false, valueThreshold: null, confidenceThreshold: '0.95' },
      reservationExpiryIntervalMs: 5000,
      catalogWaitMs: 500,
    });
  });

  it('lists every problem at once', () => {
    const read = () => readConfig({ NODE_ENV: 'test', STOCK_APPROVAL_VALUE_THRESHOLD: '-1', STOCK_APPROVAL_CONFIDENCE_THRESHOLD: '0.79999' });
    expect(read).toThrow(ConfigError);
    try {
      read();
    } catch (error) {
      expect((error as ConfigError).problems).toEqual([
        'DATABASE_URL is required',
        'STOCK_APPROVAL_VALUE_THRESHOLD must be a decimal between 0 and any amount with at most 6 decimal places (or "off"), got "-1"',
        'STOCK_APPROVAL_CONFIDENCE_THRESHOLD must be a decimal between 0 and 1 with at most 4 decimal places (or "off"), got "0.79999"',
      ]);
    }
  });
});
