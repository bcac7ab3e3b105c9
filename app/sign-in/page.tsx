import type { Metadata } from "next";
import { headers } from "next/headers";
import { redirect, unstable_rethrow } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { resolveIdentity } from "@/lib/auth/identity";
import { safeReturnPath } from "@/lib/auth/return-path";
import { getConfig } from "@/lib/config";
import { logError } from "@/lib/log";

export const metadata: Metadata = { title: "Sign in" };

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** What the OIDC error callback's ?error= code means to the person who tried. */
function oidcProblem(code: string | undefined): string | undefined {
  if (code === undefined) return undefined;
  if (code === "signup_disabled" || code === "signup disabled")
    return "Single sign-on refused: no account may be created.";
  return `Single sign-on did not complete (${code.slice(0, 60)}). Try again, or ask an admin to check the identity provider.`;
}

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const next = safeReturnPath(first(params.next));
  const { auth } = getConfig();
  let unavailable = false;
  let signedIn = false;
  try {
    signedIn = (await resolveIdentity(await headers())) !== null;
  } catch (error) {
    unstable_rethrow(error);
    logError("sign-in check failed on the sign-in page", error);
    unavailable = true;
  }
  // Already signed in (or no sign-in needed): straight on to where they were going.
  if (signedIn) redirect(next);

  return (
    <div className="mx-auto max-w-sm space-y-6 py-8">
      <h1 className="text-2xl font-bold tracking-tight">Sign in</h1>
      {unavailable && (
        <p
          role="alert"
          className="rounded-md bg-amber-50 p-3 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-100"
        >
          The sign-in service is unavailable right now; try again shortly.
        </p>
      )}
      {auth.mode === "proxy" && (
        <p className="text-sm text-slate-700 dark:text-slate-300">
          Sign-in is handled by your organisation&apos;s single sign-on proxy, and this request did not come through it.
          Open the dashboard at its usual address.
        </p>
      )}
      {auth.mode === "none" && (
        <p className="text-sm text-slate-700 dark:text-slate-300">
          Sign-in is off, and this dashboard only serves its own machine (127.0.0.1).
        </p>
      )}
      {(auth.mode === "local" || auth.mode === "oidc") && (
        <SignInForm
          next={next}
          method={auth.mode === "local" ? "password" : "oidc"}
          providerName={auth.oidc.displayName}
          initialError={auth.mode === "oidc" ? oidcProblem(first(params.error)) : undefined}
        />
      )}
    </div>
  );
}
