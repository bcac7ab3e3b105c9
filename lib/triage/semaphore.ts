// A counting semaphore and a per-key limiter: at most N tasks at once against each target.

export class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1)
      throw new Error(`semaphore limit must be a positive integer, got ${limit}`);
  }

  get running(): number {
    return this.active;
  }

  get queued(): number {
    return this.waiting.length;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      return await task();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}

/** One semaphore per key (target), created on first use. */
export function createKeyedLimiter(limit: number): <T>(key: string, task: () => Promise<T>) => Promise<T> {
  const semaphores = new Map<string, Semaphore>();
  return (key, task) => {
    let semaphore = semaphores.get(key);
    if (!semaphore) {
      semaphore = new Semaphore(limit);
      semaphores.set(key, semaphore);
    }
    return semaphore.run(task);
  };
}
