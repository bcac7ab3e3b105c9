// The incident model's rules: ids, status transitions, input limits, raw-output cap, and the config variables.
import { describe, expect, it } from "vitest";
import { ConfigError, configSecrets, parseConfig as parseEnv } from "@/lib/config";
import { verdictSchema } from "@/lib/incidents/model";

/** These cases are about other variables: sign-in is off so AUTH_SECRET's own rule stays out of them. */
const parseConfig = (env: Record<string, string | undefined>) => parseEnv({ AUTH_MODE: "none", ...env });

import {
  canTransition,
  capRaw,
  isIncidentId,
  newIncidentSchema,
  noteSchema,
  RAW_CAP,
  STATUS_TRANSITIONS,
} from "@/lib/incidents/model";
import { newId } from "@/lib/server/ids";

describe("ids", () => {
  it("are 22 base64url characters (128 random bits), never repeating", () => {
    const ids = Array.from({ length: 2000 }, newId);
    expect(new Set(ids).size).toBe(2000);
    for (const id of ids.slice(0, 50)) expect(isIncidentId(id)).toBe(true);
    expect(Buffer.from(ids[0] ?? "", "base64url")).toHaveLength(16);
    for (const bad of ["", "1", "a".repeat(21), "a".repeat(23), `${"a".repeat(21)}=`, `${"a".repeat(21)}/`]) {
      expect(isIncidentId(bad)).toBe(false);
    }
  });
});

describe("status transitions", () => {
  it("allow investigating → mitigated → resolved, back to investigating and reopening, nothing else", () => {
    expect(STATUS_TRANSITIONS).toEqual({
      investigating: ["mitigated", "resolved"],
      mitigated: ["resolved", "investigating"],
      resolved: ["investigating"],
    });
    expect(canTransition("resolved", "mitigated")).toBe(false);
    expect(canTransition("investigating", "investigating")).toBe(false);
  });
});

describe("inputs", () => {
  it("trims titles, dedupes symptoms and runbooks, and names what is wrong", () => {
    const ok = newIncidentSchema.parse({
      title: "  Redis full  ",
      severity: "sev1",
      symptoms: ["a", "a"],
      runbooks: ["x", "x"],
    });
    expect(ok).toEqual({ title: "Redis full", severity: "sev1", symptoms: ["a"], runbooks: ["x"] });
    const bad = newIncidentSchema.safeParse({ title: "", severity: "p1" });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.message)).toEqual([
      "title must not be empty",
      "severity must be sev1, sev2, sev3 or sev4",
    ]);
    expect(noteSchema.safeParse("x".repeat(10_001)).error?.issues[0]?.message).toBe(
      "the note is longer than 10,000 characters",
    );
    expect(noteSchema.safeParse("tab\tand\nnewlines are fine").success).toBe(true);
  });

  it("caps raw output at 64 KB and says so", () => {
    expect(capRaw("short", false)).toEqual({ raw: "short", rawTruncated: false });
    const capped = capRaw("x".repeat(RAW_CAP + 5), false);
    expect(capped.rawTruncated).toBe(true);
    expect(capped.raw.endsWith("… truncated at 64 KB")).toBe(true);
    expect(capped.raw.length).toBeLessThan(RAW_CAP + 100);
  });
});

describe("incident config", () => {
  it("defaults to SQLite in .data and leaves alert intake off", () => {
    const c = parseConfig({});
    expect(c.incidentStore).toBe("sqlite");
    expect(c.dataDir.endsWith("/.data")).toBe(true);
    expect(c.incidentsMongodbDatabase).toBe("runbook_incidents");
    expect(c.alertsToken).toBeUndefined();
  });

  it("requires a MongoDB URL for INCIDENT_STORE=mongo and a database apart from the diagnosed one", () => {
    const error = (env: Record<string, string>) => {
      try {
        parseConfig(env);
      } catch (e) {
        if (e instanceof ConfigError) return e.issues.map((i) => `${i.variable}: ${i.message}`);
        throw e;
      }
      return [];
    };
    expect(error({ INCIDENT_STORE: "mongo" })).toEqual([
      "INCIDENTS_MONGODB_URL: must be set when INCIDENT_STORE=mongo",
    ]);
    expect(error({ INCIDENT_STORE: "postgres" })).toEqual(['INCIDENT_STORE: must be sqlite or mongo, got "postgres"']);
    expect(
      error({
        INCIDENT_STORE: "mongo",
        INCIDENTS_MONGODB_URL: "mongodb://h:27017/",
        MONGODB_URL: "mongodb://h:27017/",
        INCIDENTS_MONGODB_DATABASE: "app",
      }),
    ).toEqual([
      'INCIDENTS_MONGODB_DATABASE: must differ from MONGODB_DATABASE ("app"): incidents live in their own database',
    ]);
    const ok = parseConfig({
      INCIDENT_STORE: "mongo",
      INCIDENTS_MONGODB_URL: "mongodb://u:s3cret@h:27017/",
      DATA_DIR: "/srv/x",
    });
    expect(ok.incidentsMongodbUrl).toBe("mongodb://u:s3cret@h:27017/");
    expect(ok.dataDir).toBe("/srv/x");
    expect(configSecrets(ok)).toContain("s3cret");
  });

  it("checks the alerts token without ever echoing it, and treats it as a secret to redact", () => {
    const short = (() => {
      try {
        parseConfig({ ALERTS_TOKEN: "hunter2" });
      } catch (e) {
        return e instanceof Error ? e.message : "";
      }
      return "";
    })();
    expect(short).toContain("ALERTS_TOKEN");
    expect(short).not.toContain("hunter2");
    const token = "0123456789abcdef0123";
    const c = parseConfig({ ALERTS_TOKEN: token });
    expect(c.alertsToken).toBe(token);
    expect(configSecrets(c)).toContain(token);
  });
});

describe("stored verdict evidence", () => {
  it("keeps the chart points a run showed, and refuses a link that is not http(s)", () => {
    const verdict = {
      status: "critical",
      headline: "error ratio 19 % over 5 min",
      headlineValue: 19,
      figures: [],
      evidence: {
        window: "5m",
        windowSeconds: 300,
        asOf: "2026-11-28T10:05:00.000Z",
        source: "prometheus",
        prometheusLink: "http://prom:9090/graph?g0.expr=x",
        chart: {
          title: "t",
          unit: "%",
          direction: "above",
          start: 1,
          end: 2,
          step: 1,
          series: [
            {
              name: "t",
              points: [
                [1, 2],
                [2, null],
              ],
            },
          ],
        },
      },
    };
    expect(verdictSchema.parse(verdict).evidence?.chart?.series[0]?.points).toEqual([
      [1, 2],
      [2, null],
    ]);
    const bad = { ...verdict, evidence: { ...verdict.evidence, prometheusLink: "javascript:alert(1)" } };
    expect(verdictSchema.safeParse(bad).success).toBe(false);
  });
});
