// Remembers the last sample of each counter source, so a re-run judges the window between two
// samples instead of the process lifetime (the way rate() reads two scrapes). Bounded.
const MAX_ENTRIES = 200;
const samples = new Map<string, unknown>();

export function previousSample<T>(key: string): T | undefined {
  return samples.get(key) as T | undefined;
}

export function rememberSample(key: string, value: unknown): void {
  samples.delete(key);
  samples.set(key, value);
  if (samples.size > MAX_ENTRIES) {
    const oldest = samples.keys().next().value;
    if (oldest !== undefined) samples.delete(oldest);
  }
}
