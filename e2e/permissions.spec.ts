// Every server action and every guarded route, called directly over HTTP by each kind of visitor
// (signed out, viewer, operator, admin) against the running dashboard: the answer is exactly what
// lib/auth/operations.ts + roles grant. Inputs are deliberately invalid, so an allowed call stops at
// validation ("invalid …", 400, 404) and nothing runs or changes.
import { readFileSync } from "node:fs";
import path from "node:path";
import { type APIRequestContext, expect, request as playwrightRequest, test } from "@playwright/test";
import { OPERATIONS, type OperationName } from "../lib/auth/operations";
import { type Role, roleGrants } from "../lib/auth/roles";
import { E2E_ROLES, storageStatePath } from "./support/auth";

type Visitor = Role | "signed-out";
const VISITORS: readonly Visitor[] = ["signed-out", ...E2E_ROLES];

interface ActionRef {
  id: string;
  name: string;
}

/** Server action ids of the build under test, by exported name, from its server-reference manifest. */
function serverActions(): ActionRef[] {
  const file = path.join(process.env.NEXT_DIST_DIR || ".next", "server", "server-reference-manifest.json");
  const manifest = JSON.parse(readFileSync(file, "utf8")) as { node: Record<string, { exportedName?: string }> };
  return Object.entries(manifest.node).map(([id, entry]) => ({ id, name: entry.exportedName ?? id }));
}

/** The result object of a server action's RSC reply (line "1:{…}"). */
async function actionResult(
  api: APIRequestContext,
  baseURL: string,
  action: ActionRef,
): Promise<{ ok: boolean; error?: string }> {
  const response = await api.post("/", {
    headers: {
      "next-action": action.id,
      "content-type": "text/plain;charset=UTF-8",
      accept: "text/x-component",
      origin: baseURL,
    },
    data: JSON.stringify([{ deliberately: "invalid" }]),
    maxRedirects: 0,
  });
  const text = await response.text();
  const line = text.split("\n").find((l) => l.startsWith("1:"));
  expect(line, `${action.name}: no result line in ${response.status()} ${text.slice(0, 300)}`).toBeDefined();
  return JSON.parse(line?.slice(2) ?? "{}") as { ok: boolean; error?: string };
}

/** A request for each guarded route: allowed visitors get the status in `allowed`, not 401/403. */
const ROUTE_CALLS: Record<string, { method: "GET" | "POST"; url: string; body?: unknown; allowed: number }> = {
  "POST /api/run": { method: "POST", url: "/api/run", body: {}, allowed: 400 },
  "POST /api/triage": { method: "POST", url: "/api/triage", body: {}, allowed: 400 },
  "GET /api/incidents/[id]": { method: "GET", url: "/api/incidents/AAAAAAAAAAAAAAAAAAAAAA", allowed: 404 },
  "GET /incidents/[id]/export": { method: "GET", url: "/incidents/AAAAAAAAAAAAAAAAAAAAAA/export", allowed: 404 },
  "GET /api/stack-status": { method: "GET", url: "/api/stack-status", allowed: 200 },
  "GET /search-index": { method: "GET", url: "/search-index", allowed: 200 },
  "GET /api/audit": { method: "GET", url: "/api/audit?limit=1", allowed: 200 },
};

const actionNames = (Object.keys(OPERATIONS) as OperationName[]).filter((op) => !op.includes(" "));
const routeNames = (Object.keys(OPERATIONS) as OperationName[]).filter((op) => op.includes(" "));

test("every guarded route has a call in this matrix", () => {
  expect(routeNames.filter((op) => ROUTE_CALLS[op] === undefined)).toEqual([]);
});

test("every server action in the build has a rule", () => {
  const names = serverActions().map((a) => a.name);
  expect(names.length).toBeGreaterThanOrEqual(actionNames.length);
  expect(names.filter((n) => !actionNames.includes(n as OperationName))).toEqual([]);
});

for (const visitor of VISITORS) {
  test.describe(`as ${visitor}`, () => {
    let api: APIRequestContext;

    test.beforeAll(async ({ baseURL }) => {
      api = await playwrightRequest.newContext({
        baseURL,
        storageState: visitor === "signed-out" ? { cookies: [], origins: [] } : storageStatePath(visitor),
      });
    });

    test.afterAll(async () => {
      await api.dispose();
    });

    test("server actions", async ({ baseURL }) => {
      for (const action of serverActions()) {
        const rule = OPERATIONS[action.name as OperationName];
        const result = await actionResult(api, baseURL ?? "", action);
        expect(result.ok, action.name).toBe(false);
        if (visitor === "signed-out") {
          expect(result.error, action.name).toBe("sign in first");
        } else if (roleGrants(visitor, rule.permission)) {
          expect(result.error, action.name).toMatch(/^invalid /);
        } else {
          expect(result.error, action.name).toMatch(new RegExp(`^your role \\(${visitor}\\) may not`));
        }
      }
    });

    test("route handlers", async ({ baseURL }) => {
      for (const op of routeNames) {
        const call = ROUTE_CALLS[op];
        if (call === undefined) continue;
        const response = await api.fetch(call.url, {
          method: call.method,
          headers: { origin: baseURL ?? "" },
          ...(call.body === undefined ? {} : { data: call.body }),
          maxRedirects: 0,
        });
        const expected =
          visitor === "signed-out" ? 401 : roleGrants(visitor, OPERATIONS[op].permission) ? call.allowed : 403;
        expect(response.status(), `${op} as ${visitor}`).toBe(expected);
      }
    });
  });
}

test.describe("pages", () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test("the sign-in page calls no guarded route, so it leaves no denials on the audit trail", async ({ page }) => {
    const refused: string[] = [];
    page.on("response", (r) => {
      if (r.status() === 401 || r.status() === 403) refused.push(`${r.status()} ${r.url()}`);
    });
    await page.goto("/sign-in");
    await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
    await page.getByLabel("E-mail").focus();
    await page.waitForLoadState("networkidle");
    expect(refused).toEqual([]);
    await expect(page.getByRole("combobox", { name: "Search runbooks" })).toHaveCount(0);
    await expect(page.getByRole("link", { name: "Incidents" })).toHaveCount(0);
  });

  test("signed out, every page sends you to sign-in and an incident link gives nothing away", async ({ request }) => {
    for (const url of [
      "/",
      "/runbooks/high-error-rates",
      "/incidents",
      "/incidents/AAAAAAAAAAAAAAAAAAAAAA",
      "/alerts",
      "/audit",
    ]) {
      const response = await request.get(url, { maxRedirects: 0 });
      expect([303, 307, 308], url).toContain(response.status());
      expect(response.headers().location ?? "", url).toContain(`/sign-in?next=${encodeURIComponent(url)}`);
    }
  });
});
