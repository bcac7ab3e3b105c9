// Process-wide caches of clients (connections, pools, stores, registries) that survive a Next dev hot reload.
// A re-evaluated module would otherwise open a second pool per edit and leak the first; on globalThis the
// cache outlives the module. In production modules load once, so this is simply one client per key.
// No "server-only" here: scripts (the users CLI) reach it through lib/auth/better-auth.ts.

/** What one namespace keeps: the values and how to close one. */
interface Slot<T> {
  values: Map<string, T>;
  dispose: ((value: T) => unknown) | undefined;
}

const ROOT = Symbol.for("runbook-dashboard.cached-clients");
type Holder = typeof globalThis & { [ROOT]?: Map<string, Slot<unknown>> };

function slotFor<T>(namespace: string, dispose: ((value: T) => unknown) | undefined): Slot<T> {
  const holder = globalThis as Holder;
  holder[ROOT] ??= new Map();
  let slot = holder[ROOT].get(namespace) as Slot<T> | undefined;
  if (slot === undefined) {
    slot = { values: new Map(), dispose };
    holder[ROOT].set(namespace, slot as Slot<unknown>);
  } else if (dispose !== undefined) {
    // A reloaded module brings its own (possibly edited) dispose; the values stay.
    slot.dispose = dispose;
  }
  return slot;
}

export interface ClientCache<T> {
  /** The value for `key`, created by `create` on first use. */
  get(key: string, create: () => T): T;
  /** The value for `key` if one is cached. */
  peek(key: string): T | undefined;
  /** Stores `value` under `key`, replacing (and disposing) a different one. */
  set(key: string, value: T): void;
  /** Forgets `key` (only while it still holds `expected`, when given) and disposes the value. */
  drop(key: string, expected?: T): Promise<void>;
  /** Forgets and disposes every value (tests, graceful shutdown). */
  clear(): Promise<void>;
  values(): T[];
  entries(): [string, T][];
}

async function disposeQuietly<T>(dispose: ((value: T) => unknown) | undefined, value: T): Promise<void> {
  if (dispose === undefined) return;
  try {
    await dispose(value);
  } catch {
    // Closing a client that is already broken has nothing more to tell.
  }
}

/**
 * A typed cache namespace on globalThis: `clientCache<Redis>("redis", (c) => c.disconnect())`.
 * `dispose` closes a value when it is dropped, replaced or cleared; it never throws to the caller.
 */
export function clientCache<T>(namespace: string, dispose?: (value: T) => unknown): ClientCache<T> {
  const slot = slotFor<T>(namespace, dispose);
  const { values } = slot;
  return {
    get(key, create) {
      let value = values.get(key);
      if (value === undefined) {
        value = create();
        values.set(key, value);
      }
      return value;
    },
    peek: (key) => values.get(key),
    set(key, value) {
      const previous = values.get(key);
      values.set(key, value);
      if (previous !== undefined && previous !== value) void disposeQuietly(slot.dispose, previous);
    },
    async drop(key, expected) {
      const value = values.get(key);
      if (value === undefined || (expected !== undefined && value !== expected)) return;
      values.delete(key);
      await disposeQuietly(slot.dispose, value);
    },
    async clear() {
      const all = [...values.values()];
      values.clear();
      await Promise.all(all.map((value) => disposeQuietly(slot.dispose, value)));
    },
    values: () => [...values.values()],
    entries: () => [...values.entries()],
  };
}

/** One value per process under `key` (a registry, a lock set), created on first use. */
export function cachedClient<T>(key: string, create: () => T, dispose?: (value: T) => unknown): T {
  return clientCache<T>(key, dispose).get("", create);
}
