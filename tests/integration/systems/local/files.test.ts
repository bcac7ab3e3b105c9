// lib/targets/files and git on real temp files and a real repository: allowlists, windows, masking.
import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TargetError } from "@/lib/systems/core/target-error";
import { envWithPrefix, LOG_WINDOW_BYTES, readConfigFile, tailLog } from "@/lib/systems/local/files";
import { GIT_SINCE_PATTERN, gitLog } from "@/lib/systems/local/git";
import { RUN_ID, rejection, setEnv, withEnv } from "../helpers";

let tmp: string;
let repo: string;
const SECRET = `redis-pw-${RUN_ID}`;

function asTargetError(e: unknown): TargetError {
  expect(e).toBeInstanceOf(TargetError);
  return e as TargetError;
}

const YAML_CONFIG = `# application config
server:
  host: 0.0.0.0
  port: 8080
database:
  url: postgres://app:db-url-pw@db:5432/app
  password: "quoted-db-pw" # rotate monthly
  pool: 10
credentials:
  user: svc
  key: nested-cred-value
token: |
  block-line-one
  block-line-two
integrations:
  - name: stripe
    api_key: sk_live_list_item
feature_flags: [a, b]
`;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), "rb-files-"));
  // A log bigger than the 1 MB window: 40,000 numbered lines, the last one holding a credential URL.
  const lines = Array.from({ length: 40_000 }, (_, i) => `2024-05-01T00:00:00Z line ${i} ${"x".repeat(20)}`);
  lines.push(`ERROR cannot connect to redis://:${SECRET}@cache:6379`);
  await writeFile(path.join(tmp, "error.log"), `${lines.join("\n")}\n`);
  await writeFile(path.join(tmp, "small.log"), "one\ntwo\nthree");
  await writeFile(path.join(tmp, "config.yaml"), YAML_CONFIG);
  await writeFile(
    path.join(tmp, "config.json"),
    JSON.stringify({ host: "h", db: { password: "json-pw", port: 5432 }, apiKey: "json-key", tags: ["x"] }, null, 2),
  );
  await writeFile(
    path.join(tmp, "app.env"),
    "# env file\nHOST=example\nDB_PASSWORD=env-pw\nexport API_TOKEN=env-token\nEMPTY=\nPORT=80\n",
  );
  await writeFile(path.join(tmp, "broken.yaml"), "a: [unclosed\npassword: broken-pw\nname: ok\n");
  await mkdir(path.join(tmp, "adir"));

  repo = path.join(tmp, "repo");
  await mkdir(repo);
  const git = (...args: string[]) =>
    execFileSync("git", ["-C", repo, ...args], {
      env: {
        ...process.env,
        HOME: tmp,
        GIT_AUTHOR_NAME: "Ada Operator",
        GIT_AUTHOR_EMAIL: "ada@example.com",
        GIT_COMMITTER_NAME: "Ada Operator",
        GIT_COMMITTER_EMAIL: "ada@example.com",
      },
    });
  git("init", "-q");
  await writeFile(path.join(repo, "a.txt"), "1");
  git("add", "a.txt");
  git("commit", "-q", "-m", "Add rate limiter");
  await writeFile(path.join(repo, "a.txt"), "2");
  git("commit", "-q", "-am", "Raise pool size to 50");

  setEnv({
    LOG_FILES: `/var/log/error.log=${path.join(tmp, "error.log")},/var/log/small.log=${path.join(tmp, "small.log")},/var/log/missing.log=${path.join(tmp, "nope.log")},/var/log/dir=${path.join(tmp, "adir")}`,
    CONFIG_FILES: `config.yaml=${path.join(tmp, "config.yaml")},config.json=${path.join(tmp, "config.json")},.env=${path.join(tmp, "app.env")},broken.yaml=${path.join(tmp, "broken.yaml")}`,
    GIT_REPO_PATH: repo,
    REDIS_URL: `redis://:${SECRET}@127.0.0.1:6379`,
  });
});

afterAll(async () => {
  setEnv({ LOG_FILES: undefined, CONFIG_FILES: undefined, GIT_REPO_PATH: undefined, REDIS_URL: undefined });
  await rm(tmp, { recursive: true, force: true });
});

describe("tailLog", () => {
  it("returns the last lines of an allowlisted log, masking credentials", async () => {
    const r = await tailLog("/var/log/error.log", 10);
    expect(r.lines).toHaveLength(10);
    expect(r.lines[8]).toContain("line 39999");
    expect(r.lines[9]).toBe("ERROR cannot connect to redis://:***@cache:6379");
    expect(r.truncated).toBe(true);
    expect(r.fileSizeBytes).toBeGreaterThan(LOG_WINDOW_BYTES);
    expect(JSON.stringify(r)).not.toContain(SECRET);
  });

  it("reads only the last 1 MB and never starts with a partial line", async () => {
    const r = await tailLog("/var/log/error.log", 1000);
    expect(r.lines).toHaveLength(1000);
    for (const l of r.lines.slice(0, -1)) expect(l).toMatch(/^2024-05-01T00:00:00Z line \d+ x{20}$/);
  });

  it("a short file without a trailing newline", async () => {
    const r = await tailLog("/var/log/small.log");
    expect(r.lines).toEqual(["one", "two", "three"]);
    expect(r.truncated).toBe(false);
  });

  it("refuses paths that are not allowlisted", async () => {
    for (const p of ["/etc/passwd", path.join(tmp, "error.log"), "/var/log/../log/error.log"]) {
      const { error } = await rejection(tailLog(p));
      const e = asTargetError(error);
      expect(e.kind).toBe("forbidden");
      expect(e.message).toContain("LOG_FILES");
    }
  });

  it("missing files, directories and bad line counts", async () => {
    expect(asTargetError((await rejection(tailLog("/var/log/missing.log"))).error).kind).toBe("not-found");
    expect(asTargetError((await rejection(tailLog("/var/log/dir"))).error).kind).toBe("invalid");
    expect(asTargetError((await rejection(tailLog("/var/log/small.log", 0))).error).kind).toBe("invalid");
    expect(asTargetError((await rejection(tailLog("/var/log/small.log", 5000))).error).kind).toBe("invalid");
  });

  it("not configured names LOG_FILES", async () => {
    await withEnv({ LOG_FILES: undefined }, async () => {
      const e = asTargetError((await rejection(tailLog("/var/log/error.log"))).error);
      expect(e.kind).toBe("not-configured");
      expect(e.message).toContain("LOG_FILES");
    });
  });
});

describe("readConfigFile", () => {
  it("masks secret YAML values line for line, keeping everything else", async () => {
    const r = await readConfigFile("config.yaml");
    expect(r.format).toBe("yaml");
    const lines = r.text.split("\n");
    expect(lines).toHaveLength(YAML_CONFIG.split("\n").length);
    expect(r.text).toContain("# application config");
    expect(r.text).toContain("host: 0.0.0.0");
    expect(r.text).toContain("pool: 10");
    expect(r.text).toContain('password: "***" # rotate monthly');
    expect(r.text).toContain("  user: ***");
    expect(r.text).toContain("  key: ***");
    expect(r.text).toContain("token: ***\n  ***\n  ***");
    expect(r.text).toContain("api_key: ***");
    expect(r.text).toContain("url: postgres://app:***@db:5432/app");
    for (const secret of ["quoted-db-pw", "nested-cred-value", "block-line", "sk_live_list_item", "db-url-pw", "svc"]) {
      expect(r.text).not.toContain(secret);
    }
    expect(r.maskedKeys.sort()).toEqual(["credentials", "database.password", "integrations.api_key", "token"].sort());
  });

  it("masks JSON and keeps it valid JSON", async () => {
    const r = await readConfigFile("config.json");
    expect(r.format).toBe("json");
    const parsed = JSON.parse(r.text) as { db: { password: string; port: number }; apiKey: string; host: string };
    expect(parsed.db.password).toBe("***");
    expect(parsed.apiKey).toBe("***");
    expect(parsed.db.port).toBe(5432);
    expect(parsed.host).toBe("h");
  });

  it("masks .env assignments", async () => {
    const r = await readConfigFile(".env");
    expect(r.format).toBe("env");
    expect(r.text).toBe("# env file\nHOST=example\nDB_PASSWORD=***\nexport API_TOKEN=***\nEMPTY=\nPORT=80\n");
  });

  it("falls back to line masking when YAML does not parse", async () => {
    const r = await readConfigFile("broken.yaml");
    expect(r.text).toContain("password: ***");
    expect(r.text).toContain("name: ok");
    expect(r.text).not.toContain("broken-pw");
  });

  it("refuses files that are not allowlisted", async () => {
    for (const name of ["/etc/passwd", "../config.yaml", "secrets.yaml"]) {
      const e = asTargetError((await rejection(readConfigFile(name))).error);
      expect(e.kind).toBe("forbidden");
      expect(e.message).toContain("CONFIG_FILES");
    }
  });
});

describe("envWithPrefix", () => {
  const prefix = `RBT${RUN_ID.replace(/\W/g, "")}_`;

  it("lists variables with the configured prefix, secrets masked", async () => {
    process.env[`${prefix}MODE`] = "production";
    process.env[`${prefix}DB_PASSWORD`] = "env-secret";
    process.env[`${prefix}CACHE_URL`] = `redis://:${SECRET}@cache:6379`;
    try {
      await withEnv({ ENV_PREFIX: prefix }, async () => {
        const r = await envWithPrefix(prefix);
        expect(r.variables.map((v) => v.name)).toEqual([`${prefix}CACHE_URL`, `${prefix}DB_PASSWORD`, `${prefix}MODE`]);
        expect(r.variables[0]).toMatchObject({ value: "redis://:***@cache:6379", masked: true });
        expect(r.variables[1]).toMatchObject({ value: "***", masked: true });
        expect(r.variables[2]).toMatchObject({ value: "production", masked: false });
        expect(JSON.stringify(r)).not.toContain("env-secret");
        expect(JSON.stringify(r)).not.toContain(SECRET);
      });
    } finally {
      delete process.env[`${prefix}MODE`];
      delete process.env[`${prefix}DB_PASSWORD`];
      delete process.env[`${prefix}CACHE_URL`];
    }
  });

  it("refuses prefixes outside ENV_PREFIX (the dashboard's own settings)", async () => {
    await withEnv({ ENV_PREFIX: "APP_" }, async () => {
      for (const p of ["REDIS_", "MONGODB", "PATH", "A"]) {
        expect(asTargetError((await rejection(envWithPrefix(p))).error).kind).toBe("forbidden");
      }
    });
  });
});

describe("gitLog", () => {
  it("lists recent commits, newest first", async () => {
    const r = await gitLog("24 hours ago");
    expect(r.commits.map((c) => c.subject)).toEqual(["Raise pool size to 50", "Add rate limiter"]);
    expect(r.commits[0]?.hash).toMatch(/^[0-9a-f]{40}$/);
    expect(r.commits[0]?.author).toBe("Ada Operator");
    expect(Date.parse(r.commits[0]?.date ?? "")).not.toBeNaN();
    expect(r.truncated).toBe(false);
  });

  it.each(["--output=/tmp/pwned", "1 day ago; rm -rf /", "$(id)", "yesterday --all", "24 hours ago\n--exec=x", ""])(
    "refuses since=%j before running git",
    async (since) => {
      expect(GIT_SINCE_PATTERN.test(since)).toBe(false);
      expect(asTargetError((await rejection(gitLog(since))).error).kind).toBe("invalid");
    },
  );

  it("a directory that is not a repository reports git's words", async () => {
    await withEnv({ GIT_REPO_PATH: path.join(tmp, "adir") }, async () => {
      const e = asTargetError((await rejection(gitLog("1 day ago"))).error);
      expect(e.kind).toBe("other");
      expect(e.message).toMatch(/not a git repository/i);
    });
  });

  it("not configured names GIT_REPO_PATH", async () => {
    await withEnv({ GIT_REPO_PATH: undefined }, async () => {
      const e = asTargetError((await rejection(gitLog("1 day ago"))).error);
      expect(e.kind).toBe("not-configured");
      expect(e.message).toContain("GIT_REPO_PATH");
    });
  });
});
