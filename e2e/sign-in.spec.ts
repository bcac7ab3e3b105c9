// Sign-in end to end with local accounts: an incident link opened signed out goes through /sign-in and
// lands on the incident; a wrong password says so; sign-out ends the session; ?next= never leaves the site.
import { type ChildProcess, spawn } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { type Browser, expect, type Page, test } from "@playwright/test";
import { demoAccount, type E2ERole, signedOut, useRole } from "./support/auth";

async function signInThroughForm(page: Page, role: E2ERole, password?: string): Promise<void> {
  const account = demoAccount(role);
  await page.getByLabel("E-mail").fill(account.email);
  await page.getByLabel("Password").fill(password ?? account.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

/** Opens an incident as the admin (the default session) and returns its id and title. */
async function openIncident(page: Page): Promise<{ id: string; title: string }> {
  await page.goto("/runbooks/cache-memory-issues");
  await page.getByRole("button", { name: "Start incident" }).click();
  const dialog = page.getByRole("dialog", { name: "Start an incident" });
  const title = `Sign-in check ${Date.now()}`;
  await dialog.getByLabel("Title").fill(title);
  await dialog.getByRole("button", { name: "Start incident" }).click();
  await expect(page).toHaveURL(/\?incident=[A-Za-z0-9_-]{22}$/);
  return { id: new URL(page.url()).searchParams.get("incident") ?? "", title };
}

async function signedOutPage(browser: Browser, baseURL: string | undefined): Promise<Page> {
  const context = await browser.newContext({ baseURL, ...signedOut });
  return context.newPage();
}

test.describe("sign-in", () => {
  test("an incident link opened signed out asks for sign-in, then lands on the incident", async ({
    page,
    browser,
    baseURL,
  }) => {
    const { id, title } = await openIncident(page);
    const visitor = await signedOutPage(browser, baseURL);
    await visitor.goto(`/incidents/${id}`);
    await expect(visitor).toHaveURL(`${baseURL}/sign-in?next=${encodeURIComponent(`/incidents/${id}`)}`);
    await expect(visitor.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
    // Nothing of the incident is on the sign-in page.
    await expect(visitor.getByText(title)).toHaveCount(0);

    await signInThroughForm(visitor, "operator");
    await expect(visitor).toHaveURL(`${baseURL}/incidents/${id}`);
    await expect(visitor.getByRole("heading", { level: 1, name: title })).toBeVisible();
    await expect(visitor.getByTestId("user-menu")).toContainText("Demo operator");
    await expect(visitor.getByTestId("user-role")).toHaveText("operator");
    await visitor.context().close();
  });

  test("a wrong password is refused with a clear message and no session", async ({ browser, baseURL }) => {
    const visitor = await signedOutPage(browser, baseURL);
    await visitor.goto("/sign-in?next=/incidents");
    await signInThroughForm(visitor, "viewer", "not-the-password-at-all");
    await expect(visitor.getByTestId("sign-in-error")).toHaveText("Wrong e-mail or password.");
    await expect(visitor).toHaveURL(/\/sign-in\?next=\/incidents$/);
    await visitor.goto("/incidents");
    await expect(visitor).toHaveURL(/\/sign-in\?next=%2Fincidents$/);
    await visitor.context().close();
  });

  test("sign-out ends the session: pages ask for sign-in again", async ({ browser, baseURL }) => {
    const visitor = await signedOutPage(browser, baseURL);
    await visitor.goto("/sign-in?next=/incidents");
    await signInThroughForm(visitor, "viewer");
    await expect(visitor).toHaveURL(`${baseURL}/incidents`);
    const cookies = await visitor.context().cookies();
    await visitor.getByRole("button", { name: "Sign out" }).click();
    await expect(visitor).toHaveURL(/\/sign-in$/);
    await visitor.goto("/incidents");
    await expect(visitor).toHaveURL(/\/sign-in\?next=%2Fincidents$/);

    // The old cookie, replayed, is dead on the server too (not only deleted from this browser).
    const replay = await browser.newContext({ baseURL });
    await replay.addCookies(cookies);
    const again = await replay.newPage();
    await again.goto("/incidents");
    await expect(again).toHaveURL(/\/sign-in\?next=%2Fincidents$/);
    await replay.close();
    await visitor.context().close();
  });

  test("a shared ?symptoms= link keeps its filter through sign-in (query and fragment)", async ({
    browser,
    baseURL,
  }) => {
    const visitor = await signedOutPage(browser, baseURL);
    await visitor.goto("/?symptoms=timeout-errors,increased-latency#ranked");
    await expect(visitor).toHaveURL(/\/sign-in\?next=/);
    await signInThroughForm(visitor, "viewer");
    // Next hands the query on with the comma percent-encoded (%2C); the page reads the same two symptoms.
    await expect
      .poll(() => decodeURIComponent(visitor.url()))
      .toBe(`${baseURL}/?symptoms=timeout-errors,increased-latency#ranked`);
    await visitor.context().close();
  });

  test("a shared ?incident= runbook link lands on the recording page after sign-in", async ({
    page,
    browser,
    baseURL,
  }) => {
    const { id } = await openIncident(page);
    const visitor = await signedOutPage(browser, baseURL);
    await visitor.goto(`/runbooks/cache-memory-issues?incident=${id}`);
    await expect(visitor).toHaveURL(
      `${baseURL}/sign-in?next=${encodeURIComponent(`/runbooks/cache-memory-issues?incident=${id}`)}`,
    );
    await signInThroughForm(visitor, "operator");
    await expect(visitor).toHaveURL(`${baseURL}/runbooks/cache-memory-issues?incident=${id}`);
    await expect(visitor.getByTestId("incident-banner")).toBeVisible();
    await visitor.context().close();
  });

  test("a chat app's signed-out fetch of an incident link gets a generic preview", async ({ page, baseURL }) => {
    const { id, title } = await openIncident(page);
    // Like a link unfurler: no cookies, follows redirects, reads the Open Graph tags.
    const response = await fetch(`${baseURL}/incidents/${id}`, {
      headers: { "user-agent": "Slackbot-LinkExpanding 1.0" },
    });
    const html = await response.text();
    expect(html).not.toContain(title);
    expect(html).toMatch(/<meta property="og:title" content="Incident — sign in to view"/);
    const manual = await fetch(`${baseURL}/incidents/${id}`, { redirect: "manual" });
    expect(await manual.text()).not.toContain(title);
  });

  test("?next= pointing at another site lands on the home page instead", async ({ browser, baseURL }) => {
    const visitor = await signedOutPage(browser, baseURL);
    await visitor.goto(`/sign-in?next=${encodeURIComponent("//evil.example/phish")}`);
    await signInThroughForm(visitor, "viewer");
    await expect(visitor).toHaveURL(`${baseURL}/`);
    await expect(visitor.getByTestId("user-role")).toHaveText("viewer");
    await visitor.context().close();
  });
});

test.describe("a viewer sees but cannot act", () => {
  test.use(useRole("viewer"));

  test("run buttons are disabled with a hint and there is no Start incident", async ({ page }) => {
    await page.goto("/runbooks/cache-memory-issues");
    await expect(page.getByTestId("user-role")).toHaveText("viewer");
    await expect(page.getByRole("button", { name: "Run all diagnostics" })).toBeDisabled();
    await expect(page.locator("#diagnosis-1").getByRole("button", { name: /^Run: / })).toBeDisabled();
    await expect(page.getByTestId("viewer-hint").first()).toHaveText(
      "Viewers can read; ask an admin for the operator role",
    );
    await expect(page.getByRole("button", { name: "Start incident" })).toHaveCount(0);
  });
});

// --- The other modes, each on its own server.ts instance --------------------------------------------------

interface Instance {
  base: string;
  child: ChildProcess;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("no free port");
  return address.port;
}

/** server.ts (npm start) of the production build with the given sign-in settings, in its own process group. */
async function startServer(env: Record<string, string>, port?: number): Promise<Instance> {
  port ??= await freePort();
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "server.ts"], {
    cwd: path.resolve(__dirname, ".."),
    env: { ...process.env, HOST: "127.0.0.1", PORT: String(port), ...env },
    stdio: "ignore",
    detached: true,
  });
  const base = `http://127.0.0.1:${port}`;
  const until = Date.now() + 60_000;
  while (
    !(await fetch(`${base}/sign-in`).then(
      (r) => r.status < 500,
      () => false,
    ))
  ) {
    if (Date.now() > until || child.exitCode !== null) throw new Error(`server.ts on ${port} did not come up`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return { base, child };
}

function stop(instance: Instance | undefined): void {
  if (instance?.child.pid !== undefined && instance.child.exitCode === null)
    process.kill(-instance.child.pid, "SIGTERM");
}

const OAUTH2_PROXY_HEADERS = {
  "x-forwarded-user": "grace",
  "x-forwarded-email": "grace@example.com",
  "x-forwarded-groups": "staff,sre-leads",
};
const GROUPS = { AUTH_ADMIN_GROUPS: "sre-leads", AUTH_OPERATOR_GROUPS: "sre" };

test.describe("reverse-proxy sign-in (AUTH_MODE=proxy)", () => {
  let trusting: Instance | undefined;
  let distrusting: Instance | undefined;

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    [trusting, distrusting] = await Promise.all([
      // This test runner is the "proxy": it connects from 127.0.0.1.
      startServer({ AUTH_MODE: "proxy", AUTH_TRUSTED_PROXIES: "127.0.0.1", ...GROUPS }),
      startServer({ AUTH_MODE: "proxy", AUTH_TRUSTED_PROXIES: "10.0.0.0/8", ...GROUPS }),
    ]);
  });

  test.afterAll(() => {
    stop(trusting);
    stop(distrusting);
  });

  test("a trusted proxy's headers sign the person in with the role their groups map to", async ({ browser }) => {
    const context = await browser.newContext({ ...signedOut, extraHTTPHeaders: OAUTH2_PROXY_HEADERS });
    const page = await context.newPage();
    await page.goto(`${trusting?.base}/incidents`);
    await expect(page).toHaveURL(`${trusting?.base}/incidents`);
    await expect(page.getByTestId("user-menu")).toContainText("grace@example.com");
    await expect(page.getByTestId("user-role")).toHaveText("admin");
    // Sessions end at the proxy: there is no sign-out button to pretend otherwise.
    await expect(page.getByRole("button", { name: "Sign out" })).toHaveCount(0);
    await context.close();
  });

  test("the same headers from an address outside AUTH_TRUSTED_PROXIES sign nobody in", async () => {
    const response = await fetch(`${distrusting?.base}/incidents`, {
      headers: OAUTH2_PROXY_HEADERS,
      redirect: "manual",
    });
    expect(response.status).toBe(307);
    expect(response.headers.get("location")).toContain("/sign-in?next=%2Fincidents");
  });

  test("a client's own x-runbook-peer claiming a trusted address is overwritten with its real one", async () => {
    const forged = { ...OAUTH2_PROXY_HEADERS, "x-runbook-peer": "10.0.0.7", "X-Runbook-Peer": "10.0.0.8" };
    const response = await fetch(`${distrusting?.base}/incidents`, { headers: forged, redirect: "manual" });
    expect(response.status).toBe(307);
    const api = await fetch(`${distrusting?.base}/api/incidents/anything`, { headers: forged });
    expect(api.status).toBe(401);
  });
});

test.describe("no sign-in (AUTH_MODE=none)", () => {
  let local: Instance | undefined;

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    local = await startServer({ AUTH_MODE: "none" });
  });

  test.afterAll(() => stop(local));

  test("every page carries the banner and the local user is an admin", async ({ browser }) => {
    const context = await browser.newContext(signedOut);
    const page = await context.newPage();
    for (const route of ["/", "/incidents", "/runbooks/cache-memory-issues"]) {
      await page.goto(`${local?.base}${route}`);
      await expect(page.getByTestId("no-auth-banner"), route).toHaveText(
        "Sign-in is off: everyone who can reach this machine's 127.0.0.1 is an admin",
      );
    }
    await expect(page.getByTestId("user-role")).toHaveText("admin");
    await context.close();
  });
});

// --- OpenID Connect against a real provider (panva's oidc-provider) on 127.0.0.1 ------------------------------

const OIDC_CLIENT = { id: "runbooks-e2e", secret: "e2e-oidc-client-secret-0123456789" };

/** Groups the provider reports per login name; a test changes them between sign-ins. */
const idpGroups = new Map<string, string[]>([
  ["ada", ["staff", "sre-leads"]],
  ["carol", ["sre"]],
  ["bob", ["staff"]],
]);

interface Idp {
  issuer: string;
  close: () => Promise<void>;
}

async function startIdp(dashboardBase: string): Promise<Idp> {
  // ESM-only package: loaded with import() from this CommonJS-transpiled spec.
  const { default: Provider } = await import("oidc-provider");
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: OIDC_CLIENT.id,
        client_secret: OIDC_CLIENT.secret,
        redirect_uris: [`${dashboardBase}/api/auth/callback/oidc`],
        grant_types: ["authorization_code"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_post",
      },
    ],
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name", "groups"] },
    // Groups in the ID token itself, as Keycloak, Okta and Entra can be set up to do.
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: true } },
    findAccount: async (_ctx: unknown, id: string) => ({
      accountId: id,
      claims: async () => ({
        sub: id,
        email: `${id}@idp.example`,
        email_verified: true,
        name: `${id[0]?.toUpperCase()}${id.slice(1)} from the IdP`,
        groups: idpGroups.get(id) ?? [],
      }),
    }),
  });
  const server = provider.listen(port, "127.0.0.1");
  return {
    issuer,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function signInWithIdp(browser: Browser, dashboardBase: string, login: string, next: string): Promise<Page> {
  const context = await browser.newContext(signedOut);
  const page = await context.newPage();
  await page.goto(`${dashboardBase}${next}`);
  await expect(page).toHaveURL(/\/sign-in\?next=/);
  await page.getByRole("button", { name: "Sign in with Test IdP" }).click();
  // The provider's own (development) login and consent pages.
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill("any password");
  await page.getByRole("button", { name: "Sign-in" }).click();
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page).toHaveURL(`${dashboardBase}${next}`);
  return page;
}

test.describe("single sign-on (AUTH_MODE=oidc)", () => {
  let idp: Idp | undefined;
  let dashboard: Instance | undefined;
  const dataDir = `/tmp/h1-oidc-${Date.now().toString(36)}`;

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    // The dashboard's address is needed before it starts (PUBLIC_URL, the IdP's redirect URI).
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    idp = await startIdp(base);
    dashboard = await startServer(
      {
        AUTH_MODE: "oidc",
        AUTH_SECRET: "oidc-e2e-session-secret-0123456789abcdef",
        PUBLIC_URL: base,
        OIDC_ISSUER: idp.issuer,
        OIDC_CLIENT_ID: OIDC_CLIENT.id,
        OIDC_CLIENT_SECRET: OIDC_CLIENT.secret,
        OIDC_DISPLAY_NAME: "Test IdP",
        INCIDENT_STORE: "sqlite",
        DATA_DIR: dataDir,
        ...GROUPS,
      },
      port,
    );
  });

  test.afterAll(async () => {
    stop(dashboard);
    await idp?.close();
  });

  test("the authorization-code flow signs people in with the role their groups claim maps to", async ({ browser }) => {
    const ada = await signInWithIdp(browser, dashboard?.base ?? "", "ada", "/incidents");
    await expect(ada.getByTestId("user-menu")).toContainText("Ada from the IdP");
    await expect(ada.getByTestId("user-role")).toHaveText("admin");
    await ada.context().close();

    const bob = await signInWithIdp(browser, dashboard?.base ?? "", "bob", "/");
    await expect(bob.getByTestId("user-role")).toHaveText("viewer");
    await bob.context().close();
  });

  test("the role follows the groups claim at every sign-in", async ({ browser }) => {
    const first = await signInWithIdp(browser, dashboard?.base ?? "", "carol", "/");
    await expect(first.getByTestId("user-role")).toHaveText("operator");
    await first.context().close();

    idpGroups.set("carol", ["staff"]);
    const second = await signInWithIdp(browser, dashboard?.base ?? "", "carol", "/");
    await expect(second.getByTestId("user-role")).toHaveText("viewer");
    await second.context().close();
  });
});
