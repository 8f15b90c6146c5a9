import { describe, expect, it } from 'vitest';
import { liveHeapVerdict, rssVerdict, trendOf } from '../lib/soak.ts';

const series = (seconds: number, every: number, at: (x: number) => number) =>
  Array.from({ length: Math.floor(seconds / every) + 1 }, (_, i) => ({ x: i * every, y: at(i * every) }));

describe('the soak verdicts', () => {
  it('calls a live heap that settles after warm-up flat, though it rose at first', () => {
    // Up 8 MiB in the first 30 s (plans, pools, compiled code), then level with a little noise.
    const heap = trendOf(series(120, 10, (x) => 60 + Math.min(x, 30) * (8 / 30) + (x % 20 === 0 ? 0.4 : -0.4)));
    expect(heap!.slopeMiBPerMinute).toBeGreaterThan(1);
    expect(liveHeapVerdict(heap)).toBe('flat');
  });

  it('calls a live heap that keeps growing (a leak of 3 MiB a minute) growing', () => {
    const heap = trendOf(series(120, 10, (x) => 60 + (x / 60) * 3));
    expect(heap!.secondHalfSlopeMiBPerMinute).toBeCloseTo(3, 5);
    expect(heap!.secondHalfGrowthMiB).toBeCloseTo(3, 5);
    expect(liveHeapVerdict(heap)).toBe('growing');
  });

  it('catches a fast leak in a short run and a slow leak in a long one', () => {
    // 3 MiB a minute over 60 s: only 1.5 MiB in the second half, but the slope gives it away.
    expect(liveHeapVerdict(trendOf(series(60, 5, (x) => 60 + (x / 60) * 3)))).toBe('growing');
    // 0.9 MiB a minute over an hour: a gentle slope, but 27 MiB in the second half.
    expect(liveHeapVerdict(trendOf(series(3600, 30, (x) => 60 + (x / 60) * 0.9)))).toBe('growing');
  });

  it('tells resident size that levels off from resident size still rising', () => {
    // V8 growing its young generation in the first minute, then nothing more.
    expect(rssVerdict(trendOf(series(120, 1, (x) => 260 + Math.min(x, 60) * 2)))).toBe('levelled');
    expect(rssVerdict(trendOf(series(120, 1, (x) => 260 + x * 1.5)))).toBe('rising');
  });

  it('has no verdict without samples', () => {
    expect(trendOf([{ x: 0, y: 1 }])).toBeNull();
    expect(liveHeapVerdict(null)).toBe('unknown');
    expect(rssVerdict(null)).toBe('unknown');
  });
});
