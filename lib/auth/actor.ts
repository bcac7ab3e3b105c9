// Who is acting: the one place incident records take their "who ran it / who wrote it" from.
import "server-only";

export interface Actor {
  id: string;
  name: string;
  role: string;
}

/**
 * The person behind the current request. There is no sign-in yet: every request is the local
 * admin. The authentication issue replaces this function (session → user and role); every caller
 * already goes through it, so none of them changes.
 */
export function currentActor(): Actor {
  return { id: "local", name: "local user", role: "admin" };
}

/** Alertmanager, for what the webhook records (incidents it opens, alerts, the diagnostics it runs). */
export const ALERTMANAGER_ACTOR: Actor = { id: "alertmanager", name: "Alertmanager", role: "system" };
