// HTTP hardening against the running test dashboard: security headers with a per-request CSP nonce,
// forged origins and smuggled middleware headers refused, oversized bodies refused, and server actions
// posted directly without a session refused without running anything.
import { readFileSync } from "node:fs";
import path from "node:path";
import { type APIRequestContext, expect, test } from "@playwright/test";

const RUN_BODY = { runbook: "high-error-rates", steps: [{ stepId: "diagnosis-1", params: {} }] };
const SMUGGLED = ["middleware", "proxy", "middleware:middleware:middleware:middleware:middleware"];

/** Server action ids of the build under test, from its server-reference manifest. */
function serverActions(): { id: string; name: string; page: string }[] {
  const dist = process.env.NEXT_DIST_DIR || ".next";
  const file = path.join(dist, "server", "server-reference-manifest.json");
  const manifest = JSON.parse(readFileSync(file, "utf8")) as {
    node: Record<string, { exportedName?: string; workers: Record<string, unknown> }>;
  };
  return Object.entries(manifest.node).map(([id, entry]) => {
    const worker = Object.keys(entry.workers)[0] ?? "app/page";
    // "app/runbooks/[slug]/page" → a path that renders that page.
    const page = `/${worker.replace(/^app\/?/, "").replace(/\/?page$/, "")}`
      .replace("[slug]", "high-error-rates")
      .replace("[id]", "INC-does-not-exist");
    return { id, name: entry.exportedName ?? id, page };
  });
}

async function postAction(request: APIRequestContext, baseURL: string, action: { id: string; page: string }) {
  return request.post(action.page, {
    headers: {
      "next-action": action.id,
      "content-type": "text/plain;charset=UTF-8",
      accept: "text/x-component",
      origin: baseURL,
    },
    data: JSON.stringify([{ runbook: "high-error-rates", stepId: "diagnosis-1", params: {} }]),
    maxRedirects: 0,
  });
}

test.describe("security headers", () => {
  test("a page carries a nonce CSP, no framing, a referrer policy and nosniff", async ({ request }) => {
    const first = await request.get("/sign-in");
    const second = await request.get("/sign-in");
    for (const response of [first, second]) {
      expect(response.status()).toBeLessThan(400);
      const headers = response.headers();
      const csp = headers["content-security-policy"] ?? "";
      expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{16,}' 'strict-dynamic'/);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).not.toContain("unsafe-eval");
      expect(headers["x-frame-options"]).toBe("DENY");
      expect(headers["x-content-type-options"]).toBe("nosniff");
      expect(headers["referrer-policy"]).toBe("same-origin");
      expect(headers["permissions-policy"]).toContain("camera=()");
    }
    const nonceOf = (csp: string | undefined) => /'nonce-([^']+)'/.exec(csp ?? "")?.[1];
    const nonce = nonceOf(first.headers()["content-security-policy"]);
    // A fresh nonce per request, and Next stamps it on its scripts.
    expect(nonce).not.toBe(nonceOf(second.headers()["content-security-policy"]));
    expect(await first.text()).toContain(`nonce="${nonce}"`);
  });

  test("the page loads in the browser without a CSP violation", async ({ page }) => {
    const violations: string[] = [];
    await page.exposeFunction("__cspViolation", (v: string) => violations.push(v));
    await page.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (e) =>
        (window as unknown as { __cspViolation: (v: string) => void }).__cspViolation(
          `${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`,
        ),
      );
    });
    await page.goto("/sign-in", { waitUntil: "networkidle" });
    expect(violations).toEqual([]);
  });
});

test.describe("POST /api/run refuses forged requests", () => {
  for (const origin of ["https://evil.example", "null"]) {
    test(`Origin: ${origin} → 403`, async ({ request }) => {
      const response = await request.post("/api/run", { headers: { origin }, data: RUN_BODY });
      expect(response.status()).toBe(403);
      expect((await response.json()).error).toMatch(/refused/);
    });
  }

  for (const value of SMUGGLED) {
    test(`x-middleware-subrequest: ${value} → 403`, async ({ request, baseURL }) => {
      const response = await request.post("/api/run", {
        headers: { "x-middleware-subrequest": value, origin: baseURL ?? "" },
        data: RUN_BODY,
      });
      expect(response.status()).toBe(403);
      expect((await response.json()).error).toContain("x-middleware-subrequest");
    });
  }

  test("x-middleware-subrequest on a page is refused outright", async ({ request }) => {
    const response = await request.get("/runbooks/high-error-rates", {
      headers: { "x-middleware-subrequest": SMUGGLED[2] ?? "" },
      maxRedirects: 0,
    });
    expect(response.status()).toBe(403);
  });

  test("a body over the cap → 413, or 401 when the caller is not signed in", async ({ request, baseURL }) => {
    const response = await request.post("/api/run", {
      headers: { origin: baseURL ?? "", "content-type": "application/json" },
      data: " ".repeat(100 * 1024),
    });
    // The guard runs before the body is read: without a session the answer is 401 and nothing is read.
    expect([401, 413]).toContain(response.status());
    if (response.status() === 413) expect((await response.json()).error).toBe("request body over 65536 bytes");
  });
});

test.describe("server actions posted directly", () => {
  // The default project session is an admin's; these calls come from nobody.
  test.use({ storageState: { cookies: [], origins: [] } });

  test("without a session they are refused and run nothing", async ({ request, baseURL }) => {
    const actions = serverActions();
    expect(actions.map((a) => a.name)).toEqual(expect.arrayContaining(["runStepAction", "createIncidentAction"]));
    for (const action of actions) {
      const response = await postAction(request, baseURL ?? "", action);
      const text = await response.text();
      const where = `${action.name} via ${action.page}: ${response.status()} ${text.slice(0, 300)}`;
      expect(text, where).not.toContain('"ok":true');
      expect(text, where).not.toContain('"verdict"');
      if (response.status() < 400) expect(text, where).toMatch(/sign in first|"ok":false/);
    }
  });

  test("with a forged Origin or x-middleware-subrequest they are refused", async ({ request, baseURL }) => {
    const action = serverActions().find((a) => a.name === "runStepAction");
    expect(action).toBeDefined();
    if (!action) return;
    const forged: Record<string, string>[] = [
      { origin: "https://evil.example" },
      { origin: "null" },
      { "x-middleware-subrequest": "proxy" },
    ];
    for (const headers of forged) {
      const response = await request.post(action.page, {
        headers: {
          "next-action": action.id,
          "content-type": "text/plain;charset=UTF-8",
          origin: baseURL ?? "",
          ...headers,
        },
        data: JSON.stringify([{ runbook: "high-error-rates", stepId: "diagnosis-1", params: {} }]),
        maxRedirects: 0,
      });
      expect(response.status(), JSON.stringify(headers)).toBeGreaterThanOrEqual(400);
      expect(await response.text()).not.toContain('"ok":true');
    }
  });
});
