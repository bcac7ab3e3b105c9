// A module loaded on first use and then kept: adapters load their run code lazily, and a repeated `import()`
// is not free (every call resolves the specifier again; under a loader such as tsx that is a round trip to
// its worker thread, a tenth of a quick check's CPU).

export function loadOnce<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () => {
    loaded ??= load().catch((error: unknown) => {
      loaded = undefined; // a failed load is retried next time, not remembered
      throw error;
    });
    return loaded;
  };
}
