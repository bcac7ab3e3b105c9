// The read-only Redis commands a guide line can turn into.

export type RedisReadCommand =
  | "GET"
  | "INFO"
  | "CONFIG GET"
  | "SLOWLOG GET"
  | "LATENCY LATEST"
  | "MEMORY STATS"
  | "MEMORY DOCTOR"
  | "DBSIZE"
  /** `redis-cli --memkeys`: the keyspace analysis (SCAN + sampled MEMORY USAGE by key prefix), keyspace-scan.ts. */
  | "--memkeys"
  /** Any other command Redis's own metadata shows read-only (command-space.ts); `args` holds its words, command first. */
  | "READ";

export interface RedisOperation {
  kind: "redis";
  command: RedisReadCommand;
  /** Arguments after the command; may contain `{param}` placeholders (GET key template). */
  args: string[];
  grep?: string;
  /** `grep -i`: match the grep pattern case-insensitively. */
  grepIgnoreCase?: boolean;
  /** The server the guide names (`redis-cli -h cache-2 -p 6380`): a key into REDIS_TARGETS, never dialled itself. */
  target?: { name: string; port?: string };
}
