// docs/security.md shows exactly the ACL lines and MongoDB commands the code defines, and the documented
// MongoDB roles cover exactly the commands lib/systems/mongo/client.ts sends.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  DIAGNOSTICS_BUILTIN_GRANTS,
  DIAGNOSTICS_MUST_NOT,
  MONGO_COMMAND_NEEDS,
  mongoSetupCommands,
  REMEDIATION_ROLE_ACTIONS,
} from "@/lib/systems/mongo/least-privilege";
import { INTROSPECTION } from "@/lib/systems/redis/command-space";
import {
  aclSetUserLine,
  diagnosticsUserReading,
  REDIS_ACL_USERS,
  REDIS_DIAGNOSTICS_USER,
  readKeyRules,
} from "@/lib/systems/redis/least-privilege";

const root = path.resolve(__dirname, "../../..");
const docs = readFileSync(path.join(root, "docs/security.md"), "utf8");
const mongoTarget = readFileSync(path.join(root, "lib/systems/mongo/client.ts"), "utf8");

describe("docs/security.md", () => {
  it.each(REDIS_ACL_USERS.map((u) => [u.name, u] as const))("shows the ACL SETUSER line of %s verbatim", (_n, user) => {
    expect(docs).toContain(aclSetUserLine(user));
  });

  it("shows every MongoDB setup command verbatim", () => {
    for (const command of mongoSetupCommands()) expect(docs).toContain(command);
  });

  it("explains why each Redis permission is granted", () => {
    for (const user of REDIS_ACL_USERS) {
      // Grants (selectors included), and the removals that narrow a category grant (-@all is the start, not a choice).
      const granted = user.rules.filter((r) => /^[+%~(]/.test(r) || (r.startsWith("-@") && r !== "-@all"));
      expect(Object.keys(user.why).sort(), user.name).toEqual([...granted].sort());
    }
  });
});

describe("Redis ACL rules", () => {
  it("start every user from nothing and never grant all keys; the only category is rb_diag's @read, less blocking and @dangerous", () => {
    for (const user of REDIS_ACL_USERS) {
      expect(user.rules.slice(0, 2), user.name).toEqual(["reset", "on"]);
      expect(user.rules, user.name).toContain("-@all");
      expect(
        user.rules.filter((r) => r.startsWith("+@")),
        user.name,
      ).toEqual(user === REDIS_DIAGNOSTICS_USER ? ["+@read"] : []);
      expect(user.rules, user.name).not.toContain("~*");
      expect(user.rules, user.name).not.toContain("allkeys");
    }
  });

  it("give the diagnostics user read-only access to rate_limit:* values, and to other keys' size, TTL and type only", () => {
    const keyRules = REDIS_DIAGNOSTICS_USER.rules.filter((r) => r.includes("~"));
    expect(keyRules).toEqual(["%R~rate_limit:*", "(%R~* +memory|usage +pttl +type)"]);
    // The selector grants no command that returns a value: GET stays on the rate_limit:* rule.
    const selector = keyRules[1]?.slice(1, -1).split(" ") ?? [];
    expect(selector.filter((r) => r.startsWith("+")).sort()).toEqual(["+memory|usage", "+pttl", "+type"]);
    const rules = REDIS_DIAGNOSTICS_USER.rules;
    // Removed right after @read, before any single command is granted again.
    expect(rules.slice(rules.indexOf("+@read"), rules.indexOf("+@read") + 3)).toEqual([
      "+@read",
      "-@blocking",
      "-@dangerous",
    ]);
  });

  it("add a read-only pattern per key a team's runbook names, never a write or all keys", () => {
    expect(
      readKeyRules(REDIS_DIAGNOSTICS_USER, ["queue:payments", "rate_limit:{user_id}", "jobs:{team}:*", "a[1]"]),
    ).toEqual(["%R~a\\[1\\]", "%R~jobs:*:\\*", "%R~queue:payments"]);
    expect(diagnosticsUserReading(["queue:payments"]).rules.at(-1)).toBe("%R~queue:payments");
  });

  it("grant every introspection command command-space.ts lets a step send", () => {
    for (const name of INTROSPECTION) expect(REDIS_DIAGNOSTICS_USER.rules).toContain(`+${name}`);
  });
});

describe("MongoDB roles", () => {
  /** Command names lib/systems/mongo/client.ts sends, read from its source so a new one cannot slip in unlisted. */
  function commandsInSource(): Set<string> {
    const found = new Set<string>();
    for (const m of mongoTarget.matchAll(/command\(\{\s*(\w+):/g)) if (m[1]) found.add(m[1]);
    if (/\$currentOp/.test(mongoTarget)) found.add("$currentOp");
    if (/\.explain\(/.test(mongoTarget)) found.add("explain");
    if (/\.indexes\(/.test(mongoTarget)) found.add("listIndexes");
    if (/\.createIndex\(/.test(mongoTarget)) found.add("createIndex");
    if (/\.find\(/.test(mongoTarget)) found.add("find");
    if (/\.aggregate\(|\.countDocuments\(/.test(mongoTarget)) found.add("aggregate");
    if (/\.estimatedDocumentCount\(/.test(mongoTarget)) found.add("count");
    // `command({ ...command` spreads the profile command built just above it.
    if (/\{ profile: level/.test(mongoTarget)) found.add("profile");
    return found;
  }

  it("list every command lib/systems/mongo/client.ts sends", () => {
    const documented = new Set(MONGO_COMMAND_NEEDS.map((n) => n.command.split(":")[0]?.trim()));
    const sent = [...commandsInSource()];
    expect(sent.length).toBeGreaterThanOrEqual(8);
    for (const command of sent) expect(documented, `${command} has no documented privilege`).toContain(command);
  });

  it("grant the diagnostics user every action its commands need, and none of the changes", () => {
    const granted = new Set(Object.values(DIAGNOSTICS_BUILTIN_GRANTS).flat());
    for (const need of MONGO_COMMAND_NEEDS.filter((n) => n.connection === "diagnostics")) {
      if (need.resource === "none") continue;
      const action = need.resource === "system.profile" ? "find on system.profile" : need.action;
      expect(granted, `${need.command} needs ${action}`).toContain(action);
    }
    for (const action of DIAGNOSTICS_MUST_NOT) expect(granted).not.toContain(action);
  });

  it("give the remediation role exactly the actions its commands need", () => {
    const needed = new Set(MONGO_COMMAND_NEEDS.filter((n) => n.connection === "remediation").map((n) => n.action));
    expect([...REMEDIATION_ROLE_ACTIONS].sort()).toEqual([...needed].sort());
  });
});
