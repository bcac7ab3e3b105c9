// Which configured URL a target named in a guide means: the entry of that name, else the one whose URL has
// that host (and port, when the guide gave one). The guide's host is only ever a key into the configuration.

export interface NamedTarget {
  /** Lower-case host or entry name, as the guide wrote it. */
  name: string;
  port?: string;
}

const DEFAULT_PORTS: Readonly<Record<string, string>> = {
  "http:": "80",
  "https:": "443",
  "redis:": "6379",
  "rediss:": "6379",
  "mongodb:": "27017",
  "postgres:": "5432",
  "postgresql:": "5432",
};

export function namedTargetUrl(entries: Readonly<Record<string, string>>, target: NamedTarget): string | undefined {
  if (Object.hasOwn(entries, target.name)) return entries[target.name];
  return Object.values(entries).find((url) => {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return false;
    }
    const port = parsed.port || DEFAULT_PORTS[parsed.protocol];
    return parsed.hostname.toLowerCase() === target.name && (target.port === undefined || target.port === port);
  });
}
