// Default deny, checked against the code: every server action and route handler under app/ has a
// rule (or a documented reason to sit outside the session check) and calls the guard first, and
// the role × operation matrix is exactly what the issue grants.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { OPERATIONS, type OperationName, OUTSIDE_SESSION_CHECK, ruleFor } from "@/lib/auth/operations";
import { ROLES, type Role, roleGrants } from "@/lib/auth/roles";

const APP = path.resolve(__dirname, "../../../app");

function filesUnder(dir: string, name: RegExp): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return filesUnder(full, name);
    return name.test(entry) ? [full] : [];
  });
}

interface Found {
  operation: string;
  file: string;
  /** The function's source from its signature to the end of the file (enough to see its first statements). */
  body: string;
}

/** Exported functions of "use server" modules: each one is a POST endpoint anyone can call. */
function serverActions(): Found[] {
  return filesUnder(APP, /\.tsx?$/)
    .filter((file) => /^\s*(\/\/[^\n]*\n\s*)*["']use server["']/.test(readFileSync(file, "utf8")))
    .flatMap((file) => {
      const source = readFileSync(file, "utf8");
      // `export async function x` or `export const x = serverAction(…)` (lib/auth/server-action.ts).
      return [...source.matchAll(/export\s+(?:async\s+function\s+(\w+)|const\s+(\w+)\s*=)/g)].map((m) => ({
        operation: m[1] ?? m[2] ?? "",
        file,
        body: source.slice(m.index),
      }));
    });
}

/** Route handlers: "METHOD /path" for every exported HTTP method of every app/**\/route.ts. */
function routeHandlers(): Found[] {
  return filesUnder(APP, /^route\.tsx?$/).flatMap((file) => {
    const route = `/${path.relative(APP, path.dirname(file)).split(path.sep).join("/")}`;
    const source = readFileSync(file, "utf8");
    return [...source.matchAll(/export\s+(?:async\s+)?function\s+(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\b/g)].map(
      (m) => ({ operation: `${m[1]} ${route}`, file, body: source.slice(m.index) }),
    );
  });
}

/** What the issue grants, written out independently of lib/auth/roles.ts. */
const ALLOWED: Record<OperationName, readonly Role[]> = {
  runStepAction: ["operator", "admin"],
  rerunStepAction: ["operator", "admin"],
  createIncidentAction: ["operator", "admin"],
  addNoteAction: ["operator", "admin"],
  changeStatusAction: ["operator", "admin"],
  previewRemediationAction: ["admin"],
  applyRemediationAction: ["admin"],
  "POST /api/run": ["operator", "admin"],
  "POST /api/triage": ["operator", "admin"],
  "GET /api/incidents/[id]": ["viewer", "operator", "admin"],
  "GET /incidents/[id]/export": ["viewer", "operator", "admin"],
  "GET /api/stack-status": ["viewer", "operator", "admin"],
  "GET /search-index": ["viewer", "operator", "admin"],
  "GET /api/audit": ["admin"],
};

describe("every action and route has a rule", () => {
  const found = [...serverActions(), ...routeHandlers()];

  it("finds the app's actions and routes (the scan itself works)", () => {
    const names = found.map((f) => f.operation);
    expect(names).toContain("runStepAction");
    expect(names).toContain("POST /api/run");
    expect(names).toContain("POST /api/alerts");
  });

  it.each(found.map((f) => [f.operation, f] as const))("%s is covered by a rule or a documented exception", (op) => {
    const covered = ruleFor(op) !== undefined || Object.hasOwn(OUTSIDE_SESSION_CHECK, op);
    expect(covered, `${op} has no rule in lib/auth/operations.ts, so it is denied to everyone`).toBe(true);
  });

  it.each(found.filter((f) => ruleFor(f.operation)).map((f) => [f.operation, f] as const))(
    "%s calls the guard with its own name before anything else",
    (op, f) => {
      const opening = f.body.slice(0, f.body.indexOf("{") + 1 + 400);
      // An action goes through serverAction (guard → validate → run), which guards with the name it is given.
      const calls = op.includes(" ")
        ? [`guardRequest(request, "${op}"`]
        : [`${op} = serverAction("${op}"`, `guardAction("${op}"`];
      const found = calls.some((call) => opening.includes(call));
      expect(found, `${path.relative(APP, f.file)} must start ${op} with ${calls.join(" or ")}`).toBe(true);
    },
  );

  it("has no stale rule for an action or route that no longer exists", () => {
    const names = new Set(found.map((f) => f.operation));
    expect(Object.keys(OPERATIONS).filter((op) => !names.has(op))).toEqual([]);
  });
});

describe("role × operation", () => {
  const cases = Object.keys(OPERATIONS).flatMap((op) => ROLES.map((role) => [op as OperationName, role] as const));

  it.each(cases)("%s as %s", (op, role) => {
    const rule = ruleFor(op);
    expect(rule).toBeDefined();
    expect(roleGrants(role, rule?.permission ?? "read")).toBe(ALLOWED[op].includes(role));
  });

  it("denies an operation nobody wrote a rule for, to every role", () => {
    expect(ruleFor("deleteEverythingAction")).toBeUndefined();
    expect(ruleFor("toString")).toBeUndefined();
    expect(ruleFor("__proto__")).toBeUndefined();
  });

  it("counts runs and remediations against the per-user rate limits", () => {
    expect(ruleFor("runStepAction")?.limit).toBe("runs");
    expect(ruleFor("POST /api/run")?.limit).toBe("runs");
    expect(ruleFor("applyRemediationAction")?.limit).toBe("remediations");
  });
});
