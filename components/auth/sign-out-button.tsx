"use client";
// Ends the session (server-side, in the session store) and goes to the sign-in page.
// The better-auth client is loaded on the click (import()): it is on every page's header, and seldom used.
import { useState } from "react";

export function SignOutButton() {
  const [pending, setPending] = useState(false);
  const [failed, setFailed] = useState(false);
  async function signOut() {
    setPending(true);
    setFailed(false);
    try {
      const { authClient } = await import("@/lib/auth/auth-client");
      const { error } = await authClient.signOut();
      if (error) throw new Error(error.message);
      window.location.assign("/sign-in");
    } catch {
      setFailed(true);
      setPending(false);
    }
  }
  return (
    <>
      <button
        type="button"
        onClick={signOut}
        disabled={pending}
        className="rounded-md border border-slate-300 px-2 py-1 text-xs font-medium text-slate-700 hover:bg-slate-100 disabled:opacity-60 dark:border-slate-600 dark:text-slate-200 dark:hover:bg-slate-800"
      >
        {pending ? "Signing out…" : "Sign out"}
      </button>
      <span role="status" aria-live="polite" className="text-xs text-red-700 dark:text-red-300">
        {failed ? "Sign-out failed; try again." : ""}
      </span>
    </>
  );
}
