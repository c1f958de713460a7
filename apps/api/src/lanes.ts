/** Keyed admission: at most so many runs per key at once, the others waiting in arrival order. */
export class Lanes {
  private readonly queues = new Map<string, { running: number; waiting: (() => void)[] }>();
  constructor(private readonly size: number) {}

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    let lane = this.queues.get(key);
    if (!lane) this.queues.set(key, (lane = { running: 0, waiting: [] }));
    if (lane.running < this.size) lane.running++;
    else await new Promise<void>((resolve) => lane.waiting.push(resolve));
    try {
      return await work();
    } finally {
      // The slot passes straight to the next waiter; the lane is forgotten once idle.
      const next = lane.waiting.shift();
      if (next) next();
      else if (--lane.running === 0) this.queues.delete(key);
    }
  }
}
