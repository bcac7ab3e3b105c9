"use client";
// The sign-in form: e-mail and password for local accounts, or one button to the OIDC provider.
// After signing in it loads the page the person was sent here from (`next`, already made same-site).
import { type FormEvent, useState } from "react";
import { authClient } from "@/lib/auth/auth-client";
import { withFragment } from "@/lib/auth/return-path";

const BUTTON =
  "w-full rounded-md bg-sky-700 px-4 py-2 text-sm font-semibold text-white hover:bg-sky-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-500 disabled:opacity-60";
const INPUT =
  "mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm dark:border-slate-600 dark:bg-slate-900";

/** The sign-in library's error as a sentence for the person at the keyboard. */
function describeError(error: { status: number; code?: string | undefined; message?: string | undefined }): string {
  if (error.status === 429) return "Too many sign-in attempts. Wait a minute and try again.";
  if (error.status === 401 || error.code === "INVALID_EMAIL_OR_PASSWORD") return "Wrong e-mail or password.";
  if (error.status >= 500) return "The sign-in service is unavailable right now; try again shortly.";
  return error.message ? `Sign-in failed: ${error.message}` : "Sign-in failed.";
}

export function SignInForm({
  next,
  method,
  providerName,
  initialError,
}: {
  next: string;
  method: "password" | "oidc";
  providerName: string;
  initialError?: string | undefined;
}) {
  const [error, setError] = useState<string | undefined>(initialError);
  const [pending, setPending] = useState(false);

  async function signInWithPassword(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(undefined);
    try {
      const { error: failed } = await authClient.signIn.email({
        email: String(form.get("email") ?? ""),
        password: String(form.get("password") ?? ""),
      });
      if (failed) {
        setError(describeError(failed));
        setPending(false);
        return;
      }
      // A full load, so every server component renders with the new session.
      window.location.assign(withFragment(next, window.location.hash));
    } catch {
      setError("Could not reach the dashboard; check the connection and try again.");
      setPending(false);
    }
  }

  async function signInWithProvider() {
    setPending(true);
    setError(undefined);
    try {
      const { error: failed } = await authClient.signIn.social({
        provider: "oidc",
        callbackURL: withFragment(next, window.location.hash),
        errorCallbackURL: `/sign-in?next=${encodeURIComponent(withFragment(next, window.location.hash))}`,
      });
      if (failed) {
        setError(describeError(failed));
        setPending(false);
      }
      // On success the client follows the provider's redirect itself.
    } catch {
      setError("Could not reach the dashboard; check the connection and try again.");
      setPending(false);
    }
  }

  const problem = (
    <p
      role="alert"
      aria-live="assertive"
      data-testid="sign-in-error"
      className="min-h-5 text-sm text-red-700 dark:text-red-300"
    >
      {error}
    </p>
  );

  if (method === "oidc") {
    return (
      <div className="space-y-4">
        <button type="button" className={BUTTON} onClick={signInWithProvider} disabled={pending}>
          {pending ? "Redirecting…" : `Sign in with ${providerName}`}
        </button>
        {problem}
      </div>
    );
  }

  return (
    <form onSubmit={signInWithPassword} className="space-y-4" aria-label="Sign in with your account">
      <label className="block text-sm font-medium">
        E-mail
        <input name="email" type="email" autoComplete="username" required className={INPUT} />
      </label>
      <label className="block text-sm font-medium">
        Password
        <input name="password" type="password" autoComplete="current-password" required className={INPUT} />
      </label>
      <button type="submit" className={BUTTON} disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </button>
      {problem}
      <p className="text-xs text-slate-500 dark:text-slate-400">
        No account? An admin adds people with <code>npm run users -- add</code>.
      </p>
    </form>
  );
}
