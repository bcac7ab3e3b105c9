// Steady, bounded load on the demo API: a fixed request rate over a few agents, users and repeated questions.
import { AGENT_IDS, QUERIES, USERS } from "./catalog";

export interface TrafficOptions {
  baseUrl: string;
  /** Requests started per second. */
  rps: number;
  /** In-flight cap: a tick that finds it reached is skipped, so a slow API never piles up requests. */
  concurrency: number;
  agents?: readonly string[];
  users?: readonly string[];
  queries?: readonly string[];
  /** Per-request deadline. */
  timeoutMs?: number;
}

export interface TrafficStats {
  sent: number;
  skipped: number;
  networkErrors: number;
  byStatus: Record<string, number>;
  inFlight: number;
}

export interface Traffic {
  stats(): TrafficStats;
  /** Stops the ticker, lets in-flight requests finish for up to 2 s, then aborts them. */
  stop(): Promise<void>;
}

export function startTraffic(opts: TrafficOptions): Traffic {
  const agents = opts.agents ?? AGENT_IDS;
  const users = opts.users ?? USERS;
  const queries = opts.queries ?? QUERIES;
  if (agents.length === 0 || users.length === 0 || queries.length === 0)
    throw new Error("traffic needs agents, users and queries");
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const abort = new AbortController();
  const stats: TrafficStats = { sent: 0, skipped: 0, networkErrors: 0, byStatus: {}, inFlight: 0 };
  const pending = new Set<Promise<void>>();
  let n = 0;

  const fire = () => {
    if (stats.inFlight >= opts.concurrency) {
      stats.skipped += 1;
      return;
    }
    const i = n++;
    // Every (agent, question) pair recurs, so a warm cache answers nearly everything.
    const agent = agents[i % agents.length] ?? "";
    const q = queries[Math.floor(i / agents.length) % queries.length] ?? "";
    const user = users[i % users.length] ?? "";
    const url = `${opts.baseUrl}/v1/agents/${encodeURIComponent(agent)}/query?q=${encodeURIComponent(q)}&user=${encodeURIComponent(user)}`;
    stats.sent += 1;
    stats.inFlight += 1;
    const p = fetch(url, { signal: AbortSignal.any([abort.signal, AbortSignal.timeout(timeoutMs)]) })
      .then(async (res) => {
        await res.arrayBuffer();
        const key = String(res.status);
        stats.byStatus[key] = (stats.byStatus[key] ?? 0) + 1;
      })
      .catch(() => {
        stats.networkErrors += 1;
      })
      .finally(() => {
        stats.inFlight -= 1;
        pending.delete(p);
      });
    pending.add(p);
  };

  const timer = setInterval(fire, Math.max(1, Math.round(1000 / opts.rps)));
  let stopping: Promise<void> | undefined;
  return {
    stats: () => ({ ...stats, byStatus: { ...stats.byStatus } }),
    stop() {
      stopping ??= (async () => {
        clearInterval(timer);
        const grace = new Promise<void>((resolve) => setTimeout(resolve, 2000).unref());
        await Promise.race([Promise.all([...pending]), grace]);
        abort.abort();
        await Promise.all([...pending]);
      })();
      return stopping;
    },
  };
}
