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
 * Read-only diagnostics (REDIS_URL): the commands Redis itself files under @read, less the blocking and
 * @dangerous ones (command-space.ts refuses the same), the introspection commands command-space.ts allows,
 * the fixed reads of client.ts, and read access (%R) to no key but the ones the runbooks name;
 * and, through a selector, the size, expiry and type (never the value) of any key for the keyspace analysis.
 */
export const REDIS_DIAGNOSTICS_USER: RedisAclUser = {
  name: "rb_diag",
  variable: "REDIS_URL",
  rules: [
    ...FROM_SCRATCH,
    ...NO_KEYS_NO_CHANNELS,
    "+@read",
    "-@blocking",
    "-@dangerous",
    "+info",
    "+dbsize",
    "+slowlog|get",
    "+latency|latest",
    "+memory|stats",
    "+memory|doctor",
    "+config|get",
    "+client|list",
    "+client|info",
    "+time",
    "+lastsave",
    "+role",
    "+command|info",
    "+client|setname",
    "%R~rate_limit:*",
    "+get",
    "+pttl",
    "+scan",
    "(%R~* +memory|usage +pttl +type)",
  ],
  why: {
    "+@read":
      "any command Redis files under @read (LLEN, HLEN, SCARD, ZCARD, XLEN, XINFO, TYPE, TTL, EXISTS, STRLEN, MEMORY USAGE, SCAN…); it writes nothing and reads only the keys granted below",
    "-@blocking": "no BLPOP/XREAD BLOCK…: a step never holds the connection waiting",
    "-@dangerous": "no KEYS or SORT_RO; this also drops INFO, CONFIG GET and the like, granted again one by one below",
    "+info": "INFO [section] steps, and ioredis's ready check on connect",
    "+dbsize": "DBSIZE",
    "+slowlog|get": "SLOWLOG GET n",
    "+latency|latest": "LATENCY LATEST",
    "+memory|stats": "MEMORY STATS",
    "+memory|doctor": "MEMORY DOCTOR",
    "+config|get":
      "CONFIG GET maxmemory; Redis cannot limit CONFIG GET to some parameters, so see the requirepass note",
    "+client|list": "CLIENT LIST steps: who is connected (addresses, names, idle times)",
    "+client|info": "CLIENT INFO steps",
    "+time": "TIME steps",
    "+lastsave": "LASTSAVE steps (when the last snapshot succeeded)",
    "+role": "ROLE steps (primary or replica, and its offset)",
    "+command|info": "before sending any other read, the dashboard asks the server's COMMAND INFO that it is read-only",
    "+client|setname": "ioredis names its connection (runbook-dashboard) so it shows in CLIENT LIST",
    "%R~rate_limit:*":
      "read access to the guide's rate_limit:{user_id} keys only; a team's guide adds a %R~ pattern per key it names (readKeyRules)",
    "+get": "GET rate_limit:{user_id} (only keys matching the pattern above)",
    "+pttl": "PTTL rate_limit:{user_id}, read with the GET in one round trip",
    "+scan": "the keyspace analysis (redis-cli --memkeys) walks key names in bounded SCAN batches; never KEYS",
    "(%R~* +memory|usage +pttl +type)":
      "a Redis 7 selector: the keyspace analysis reads the size (MEMORY USAGE), expiry (PTTL) and type of any key, " +
      "never its value; GET stays limited to rate_limit:* by the rules above",
  },
};

/** A key a step names as an ACL read pattern: `{param}` slots match anything, glob characters are escaped. */
export function keyPatternOf(key: string): string {
  return key.replace(/[*?[\]\\]/g, "\\$&").replace(/\{[^}]*\}/g, "*");
}

/** `%R~pattern` rules for the keys the runbooks' Redis steps name, beyond the ones the user already has. */
export function readKeyRules(user: RedisAclUser, keys: readonly string[]): string[] {
  const rules = keys.map((key) => `%R~${keyPatternOf(key)}`);
  return [...new Set(rules)].filter((rule) => !user.rules.includes(rule)).sort();
}

/** The diagnostics user with read access to `keys` too (what a team's guide needs; docs/security.md). */
export function diagnosticsUserReading(keys: readonly string[]): RedisAclUser {
  const extra = readKeyRules(REDIS_DIAGNOSTICS_USER, keys);
  return { ...REDIS_DIAGNOSTICS_USER, rules: [...REDIS_DIAGNOSTICS_USER.rules, ...extra] };
}

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
