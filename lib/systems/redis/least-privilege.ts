// The Redis ACL users the dashboard needs, in one place: docs/security.md shows these exact lines and
// tests/integration/security/redis-least-privilege.test.ts creates the users from them.
// Deliberately free of server-only imports so scripts and tests can read it.

export interface RedisAclUser {
  name: string;
  /** What the credentials are for (REDIS_URL, REDIS_REMEDIATION_URL, LIMITS_REDIS_URL). */
  variable: string;
  /** ACL SETUSER rules after the name and password, in order. */
  rules: readonly string[];
  /** Why each permission is there. */
  why: Readonly<Record<string, string>>;
}

/** Start from nothing every time, so re-running the line can only narrow a user, never widen it. */
const FROM_SCRATCH = ["reset", "on"] as const;
const NO_KEYS_NO_CHANNELS = ["resetkeys", "resetchannels", "-@all"] as const;

/**
 * Read-only diagnostics (REDIS_URL): exactly the commands lib/systems/redis/client.ts sends. Values of rate_limit:*
 * keys only; of every other key only its size, expiry and type (the keyspace analysis), through a selector.
 */
export const REDIS_DIAGNOSTICS_USER: RedisAclUser = {
  name: "rb_diag",
  variable: "REDIS_URL",
  rules: [
    ...FROM_SCRATCH,
    ...NO_KEYS_NO_CHANNELS,
    "+info",
    "+dbsize",
    "+slowlog|get",
    "+latency|latest",
    "+memory|stats",
    "+memory|doctor",
    "+config|get",
    "+client|setname",
    "%R~rate_limit:*",
    "+get",
    "+pttl",
    "+scan",
    "(%R~* +memory|usage +pttl +type)",
  ],
  why: {
    "+info": "INFO [section] steps, and ioredis's ready check on connect",
    "+dbsize": "DBSIZE",
    "+slowlog|get": "SLOWLOG GET n",
    "+latency|latest": "LATENCY LATEST",
    "+memory|stats": "MEMORY STATS",
    "+memory|doctor": "MEMORY DOCTOR",
    "+config|get":
      "CONFIG GET maxmemory; Redis cannot limit CONFIG GET to some parameters, so see the requirepass note",
    "+client|setname": "ioredis names its connection (runbook-dashboard) so it shows in CLIENT LIST",
    "%R~rate_limit:*": "read access to the guide's rate_limit:{user_id} keys only; no other key can be read",
    "+get": "GET rate_limit:{user_id} (only keys matching the pattern above)",
    "+pttl": "PTTL rate_limit:{user_id}, read with the GET in one round trip",
    "+scan": "the keyspace analysis (redis-cli --memkeys) walks key names in bounded SCAN batches; never KEYS",
    "(%R~* +memory|usage +pttl +type)":
      "a Redis 7 selector: the keyspace analysis reads the size (MEMORY USAGE), expiry (PTTL) and type of any key, " +
      "never its value; GET stays limited to rate_limit:* by the rules above",
  },
};

/** Guarded remediations (REDIS_REMEDIATION_URL): the one write the guide's solutions make, plus its before/after reads. */
export const REDIS_REMEDIATION_USER: RedisAclUser = {
  name: "rb_remediate",
  variable: "REDIS_REMEDIATION_URL",
  // No +config|get: it would expose requirepass to the more privileged user; INFO memory shows the before/after.
  rules: [...FROM_SCRATCH, ...NO_KEYS_NO_CHANNELS, "+config|set", "+info", "+client|setname"],
  why: {
    "+config|set":
      "CONFIG SET maxmemory-policy / maxmemory; the dashboard allows only those parameters and values before any call",
    "+info": "INFO memory before and after the change (maxmemory, maxmemory_policy), and ioredis's ready check",
    "+client|setname": "ioredis names its connection",
  },
};

/** Rate-limit counters and in-flight locks (LIMITS_REDIS_URL), confined to the dashboard's own key prefix. */
export const REDIS_LIMITS_USER: RedisAclUser = {
  name: "rb_limits",
  variable: "LIMITS_REDIS_URL",
  rules: [
    ...FROM_SCRATCH,
    ...NO_KEYS_NO_CHANNELS,
    "~rb:*",
    "+evalsha",
    "+eval",
    "+set",
    "+get",
    "+del",
    "+incrby",
    "+pttl",
    "+expire",
    "+info",
    "+client|setname",
  ],
  why: {
    "~rb:*": "only the dashboard's own keys (rb:limit:*, rb:inflight:*)",
    "+evalsha": "rate-limiter-flexible's atomic counter script (and the in-flight lock's release-if-owner)",
    "+eval": "the same scripts when Redis has not cached them yet",
    "+set": "SET NX PX for in-flight locks; the counter script's first SET",
    "+get": "the release script checks the lock is still ours",
    "+del": "the release script deletes the lock",
    "+incrby": "the counter script",
    "+pttl": "the counter script reads the window's time left",
    "+expire": "the counter script sets the window",
    "+info": "ioredis's ready check on connect",
    "+client|setname": "ioredis names its connection",
  },
};

export const REDIS_ACL_USERS: readonly RedisAclUser[] = [
  REDIS_DIAGNOSTICS_USER,
  REDIS_REMEDIATION_USER,
  REDIS_LIMITS_USER,
];

/** The ACL SETUSER arguments for `user` with `password` (a test passes a real one; the docs a placeholder). */
export function aclSetUserArgs(user: RedisAclUser, password: string): string[] {
  const [reset, on, ...rest] = user.rules;
  return ["SETUSER", user.name, reset ?? "reset", on ?? "on", `>${password}`, ...rest];
}

/** The line an operator pastes into redis-cli, as docs/security.md shows it. */
export function aclSetUserLine(user: RedisAclUser, password = "CHANGE_ME"): string {
  return `ACL ${aclSetUserArgs(user, password).join(" ")}`;
}
