import { describe, expect, it } from 'vitest';
import { Lanes } from './lanes';

/** A run that stays open until released, recording how many of its key run with it. */
function tracker() {
  const running = new Map<string, number>();
  const peak = new Map<string, number>();
  const order: string[] = [];
  const releases: (() => void)[] = [];
  const run = (key: string, label: string) => async () => {
    order.push(label);
    running.set(key, (running.get(key) ?? 0) + 1);
    peak.set(key, Math.max(peak.get(key) ?? 0, running.get(key)!));
    await new Promise<void>((resolve) => releases.push(resolve));
    running.set(key, running.get(key)! - 1);
    return label;
  };
  const releaseAll = async () => {
    while (releases.length) {
      releases.shift()!();
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  return { run, peak, order, releaseAll };
}

describe('Lanes', () => {
  it('runs at most `size` per key at once, the rest in arrival order, other keys alongside', async () => {
    const lanes = new Lanes(2);
    const t = tracker();
    const results = Promise.all([
      ...['a1', 'a2', 'a3', 'a4', 'a5'].map((label) => lanes.run('a', t.run('a', label))),
      ...['b1', 'b2'].map((label) => lanes.run('b', t.run('b', label))),
    ]);
    await new Promise((resolve) => setImmediate(resolve));
    // Two of a's started, both of b's: b did not wait for a.
    expect(t.order).toEqual(['a1', 'a2', 'b1', 'b2']);
    await t.releaseAll();
    expect(await results).toEqual(['a1', 'a2', 'a3', 'a4', 'a5', 'b1', 'b2']);
    expect(t.order).toEqual(['a1', 'a2', 'b1', 'b2', 'a3', 'a4', 'a5']);
    expect(t.peak.get('a')).toBe(2);
  });

  it('frees the slot of a run that fails', async () => {
    const lanes = new Lanes(1);
    await expect(lanes.run('k', () => Promise.reject(new Error('refused')))).rejects.toThrow('refused');
    await expect(lanes.run('k', async () => 'next')).resolves.toBe('next');
    // Idle keys are forgotten: one entry per account ever written would grow without bound.
    expect((lanes as unknown as { queues: Map<string, unknown> }).queues.size).toBe(0);
  });
});
