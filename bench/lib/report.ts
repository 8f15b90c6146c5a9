import type { LoadResult } from './load.ts';
import type { StatementCount } from './statements.ts';

export type Dataset = 'small' | 'large';

/** One (dataset, operation, target) cell of the benchmark. */
export interface Measurement {
  readonly dataset: Dataset;
  readonly operation: string;
  readonly target: string;
  readonly skipped?: string;
  readonly load?: LoadResult;
  readonly statements?: StatementCount | { readonly unavailable: string };
  /** Set when this target's answers differed from the reference's in the answer check. */
  readonly answersDiffer?: boolean;
}

const fixed = (value: number | undefined, digits = 1) => (value === undefined ? '-' : value.toFixed(digits));

function statementCell(statements: Measurement['statements']): string {
  if (!statements) return '-';
  if ('unavailable' in statements) return 'n/a';
  return fixed(statements.perRequest, 1);
}

/** The results as a plain-text table, one line per measurement. */
export function formatTable(measurements: readonly Measurement[]): string {
  const header = ['dataset', 'operation', 'target', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'errors', 'SQL/req', 'note'];
  const rows = measurements.map((m) =>
    m.skipped
      ? [m.dataset, m.operation, m.target, '-', '-', '-', '-', '-', '-', `skipped: ${m.skipped}`]
      : [
        m.dataset,
        m.operation,
        m.target,
        fixed(m.load?.requestsPerSecond),
        fixed(m.load?.latencyMs.p50, 2),
        fixed(m.load?.latencyMs.p95, 2),
        fixed(m.load?.latencyMs.p99, 2),
        String(m.load?.errors ?? '-'),
        statementCell(m.statements),
        [m.answersDiffer ? 'ANSWERS DIFFER (see the answer check)' : '', m.load && m.load.errors > 0 ? (m.load.errorSamples[0] ?? '') : ''].filter(Boolean).join('; '),
      ],
  );
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (column === header.length - 1 ? 0 : row[column]!.length))));
  const render = (row: readonly string[]) =>
    row.map((cell, column) => (column === row.length - 1 ? cell : column >= 3 ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!))).join('  ').trimEnd();
  return [render(header), render(widths.map((width) => '-'.repeat(width))), ...rows.map(render)].join('\n');
}

const COLOURS: Record<string, string> = { gateway: '#2563eb', peer: '#f59e0b', floor: '#10b981' };

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * A grouped bar chart as SVG: requests per second (left) and p50/p99
 * latency (right) of every operation on the large dataset, one bar per target.
 */
export function renderChart(measurements: readonly Measurement[], title: string): string {
  const measured = measurements.filter((m) => m.load && m.dataset === 'large');
  const operations = [...new Set(measured.map((m) => m.operation))];
  const targets = ['gateway', 'peer', 'floor'].filter((target) => measured.some((m) => m.target === target));
  const panelWidth = 520;
  const panelHeight = 300;
  const margin = { top: 70, left: 60, bottom: 30 };
  const width = margin.left * 2 + panelWidth * 2 + 40;
  const height = margin.top + panelHeight + margin.bottom + 30;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="${width / 2}" y="24" text-anchor="middle" font-size="16" font-weight="bold">${escape(title)}</text>`,
  ];
  targets.forEach((target, index) => {
    const x = margin.left + index * 150;
    parts.push(`<rect x="${x}" y="38" width="12" height="12" fill="${COLOURS[target]}"/><text x="${x + 18}" y="48">${target === 'gateway' ? 'this gateway' : target === 'peer' ? 'Hive Gateway (peer)' : 'floor (one SQL)'}</text>`);
  });
  parts.push(`<text x="${margin.left + 460}" y="48" fill="#555">solid: p50 latency, light: p99 latency</text>`);

  const panel = (left: number, label: string, value: (m: Measurement) => number, options: { secondary?: (m: Measurement) => number; log?: boolean } = {}) => {
    const { secondary, log } = options;
    const max = Math.max(1, ...measured.map((m) => Math.max(value(m), secondary ? secondary(m) : 0)));
    const top = margin.top;
    // A log scale keeps the floor (tens of times faster) from flattening the gateways' bars.
    const decades = Math.max(1, Math.ceil(Math.log10(max)));
    const height = (v: number) => (log ? (Math.log10(Math.max(1, v)) / decades) * panelHeight : (v / (max * 1.1)) * panelHeight);
    parts.push(`<text x="${left + panelWidth / 2}" y="${top - 6}" text-anchor="middle" font-weight="bold">${escape(label)}</text>`);
    parts.push(`<line x1="${left}" y1="${top + panelHeight}" x2="${left + panelWidth}" y2="${top + panelHeight}" stroke="#333"/>`);
    parts.push(`<line x1="${left}" y1="${top}" x2="${left}" y2="${top + panelHeight}" stroke="#333"/>`);
    const ticks = log ? Array.from({ length: decades + 1 }, (_, i) => 10 ** i) : [0, 1, 2, 3, 4].map((i) => ((max * 1.1) / 4) * i);
    for (const v of ticks) {
      const y = top + panelHeight - height(v);
      parts.push(`<line x1="${left - 4}" y1="${y}" x2="${left + panelWidth}" y2="${y}" stroke="#eee"/><text x="${left - 6}" y="${y + 4}" text-anchor="end" fill="#555">${v >= 100 ? Math.round(v) : v.toFixed(1)}</text>`);
    }
    const groupWidth = panelWidth / Math.max(1, operations.length);
    const barWidth = Math.min(36, (groupWidth - 16) / Math.max(1, targets.length));
    operations.forEach((operation, g) => {
      const groupLeft = left + g * groupWidth + (groupWidth - barWidth * targets.length) / 2;
      targets.forEach((target, t) => {
        const m = measured.find((candidate) => candidate.operation === operation && candidate.target === target);
        if (!m) return;
        const x = groupLeft + t * barWidth;
        if (secondary) {
          const h2 = height(secondary(m));
          parts.push(`<rect x="${x + 2}" y="${top + panelHeight - h2}" width="${barWidth - 4}" height="${h2}" fill="${COLOURS[target]}" opacity="0.3"/>`);
        }
        const h = height(value(m));
        parts.push(`<rect x="${x + 2}" y="${top + panelHeight - h}" width="${barWidth - 4}" height="${h}" fill="${COLOURS[target]}"/>`);
        parts.push(`<text x="${x + barWidth / 2}" y="${top + panelHeight - h - 4}" text-anchor="middle" font-size="9">${value(m) >= 100 ? Math.round(value(m)) : value(m).toFixed(1)}</text>`);
      });
      parts.push(`<text x="${left + g * groupWidth + groupWidth / 2}" y="${top + panelHeight + 18}" text-anchor="middle">${escape(operation)}</text>`);
    });
  };
  panel(margin.left, 'requests per second, log scale (higher is better)', (m) => m.load!.requestsPerSecond, { log: true });
  panel(margin.left + panelWidth + 40 + margin.left / 2, 'latency in ms, log scale (lower is better)', (m) => m.load!.latencyMs.p50, { secondary: (m) => m.load!.latencyMs.p99, log: true });
  parts.push('</svg>');
  return parts.join('\n');
}
