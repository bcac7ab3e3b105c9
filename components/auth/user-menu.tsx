// Who is signed in (name and role) with a sign-out button, at the right of the header on every page.
// The layout passes the actor it read for the request, so the menu is in the first HTML, never streamed in later.
import type { Actor } from "@/lib/auth/actor";
import { getConfig } from "@/lib/config";
import { SignOutButton } from "./sign-out-button";

export function UserMenu({ actor }: { actor: Actor | null }) {
  if (actor === null) return null;
  const { mode } = getConfig().auth;
  return (
    <div className="flex items-center gap-2 text-sm sm:ml-auto" data-testid="user-menu">
      <span className="hidden text-slate-700 sm:inline dark:text-slate-200">{actor.name}</span>
      <span
        data-testid="user-role"
        className="max-[400px]:hidden rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-700 dark:bg-slate-800 dark:text-slate-200"
      >
        {actor.role}
      </span>
      {/* Proxy sessions end at the proxy; no-auth mode has no session at all. */}
      {(mode === "local" || mode === "oidc") && <SignOutButton />}
    </div>
  );
}
