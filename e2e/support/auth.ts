// Who the end-to-end tests are: the demo accounts (admin, operator, viewer) that scripts/demo-stack.sh
// creates, and the browser sessions e2e/auth.setup.ts saves for each by signing in through /sign-in.
//   test.use(useRole("viewer"))   run a describe block or file as the viewer (default: admin)
//   test.use(signedOut)           run without any session
//   demoAccount("operator")       { email, password } to type into the sign-in form yourself
import fs from "node:fs";
import path from "node:path";

export const E2E_ROLES = ["admin", "operator", "viewer"] as const;
export type E2ERole = (typeof E2E_ROLES)[number];

// Under test-results/ (git-ignored); the setup project writes them at the start of every run.
const STATE_DIR = path.resolve(__dirname, "../../test-results/.auth");

/** The saved browser session (cookies) of a role, for Playwright's storageState. */
export function storageStatePath(role: E2ERole): string {
  return path.join(STATE_DIR, `${role}.json`);
}

/** `test.use(useRole("viewer"))`: the specs in scope run signed in as that role. */
export function useRole(role: E2ERole): { storageState: string } {
  return { storageState: storageStatePath(role) };
}

/** `test.use(signedOut)`: no session at all. */
export const signedOut = { storageState: { cookies: [], origins: [] } };

export interface DemoAccount {
  email: string;
  password: string;
}

/**
 * The accounts file (DEMO_ACCOUNTS_FILE from the demo stack's dashboard.env): lines "role email password".
 * Undefined when the dashboard runs without accounts (AUTH_MODE=none).
 */
export function demoAccounts(): Partial<Record<E2ERole, DemoAccount>> | undefined {
  const file = process.env.DEMO_ACCOUNTS_FILE;
  if (!file || !fs.existsSync(file)) return undefined;
  const out: Partial<Record<E2ERole, DemoAccount>> = {};
  for (const line of fs.readFileSync(file, "utf8").split("\n")) {
    const [role, email, password] = line.trim().split(/\s+/);
    if (role && email && password && (E2E_ROLES as readonly string[]).includes(role)) {
      out[role as E2ERole] = { email, password };
    }
  }
  return out;
}

export function demoAccount(role: E2ERole): DemoAccount {
  const account = demoAccounts()?.[role];
  if (!account) {
    throw new Error(
      `no ${role} account: DEMO_ACCOUNTS_FILE is unset or lacks it; start the demo stack (scripts/demo-stack.sh up) and load its dashboard.env`,
    );
  }
  return account;
}
