// Who is acting: the one shape incident records, audit records and permission checks take.
import type { Role } from "./roles";

export interface Actor {
  /** Stable id: the account id (local/oidc), the proxy's user name, "local" (no-auth) or a system name. */
  id: string;
  /** What people read on a timeline or in the audit trail. */
  name: string;
  role: Role | "system";
  /** How the identity was established. */
  via: "local" | "oidc" | "proxy" | "none" | "system";
}

/** Alertmanager, for what the webhook records (incidents it opens, alerts, the diagnostics it runs). */
export const ALERTMANAGER_ACTOR: Actor = { id: "alertmanager", name: "Alertmanager", role: "system", via: "system" };

/** The only identity of AUTH_MODE=none: whoever sits at the loopback-bound dashboard. */
export const LOCAL_ADMIN: Actor = { id: "local", name: "local user (no sign-in)", role: "admin", via: "none" };
