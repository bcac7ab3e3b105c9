// Renders its children only for a signed-in visitor (and, with `permission`, one whose role grants it):
// the sign-in page then shows no navigation, search or demo banner — nothing that would call the
// guarded routes and fill the audit trail with "sign in first" denials. Hiding is for looks only;
// every route still checks for itself.
import type { ReactNode } from "react";
import { actorCan, optionalPageActor } from "@/lib/auth/guard";
import type { Permission } from "@/lib/auth/roles";

export async function SignedIn({ children, permission }: { children: ReactNode; permission?: Permission }) {
  const actor = await optionalPageActor();
  if (actor === null || (permission !== undefined && !actorCan(actor, permission))) return null;
  return <>{children}</>;
}
