import type { Metadata } from "next";
import { headers } from "next/headers";
import { redirect, unstable_rethrow } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { resolveIdentity } from "@/lib/auth/identity";
import { previewTarget, SITE_NAME, signedOutPreview } from "@/lib/auth/link-preview";
import { safeReturnPath } from "@/lib/auth/return-path";
import { getConfig } from "@/lib/config";
import { getIncidentStore } from "@/lib/incidents";
import { isIncidentId } from "@/lib/incidents/model";
import { logError } from "@/lib/log";
import { getRunbook } from "@/lib/runbooks/library";

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * A chat app unfurling a shared link follows the redirect here, so this page's metadata is the link
 * preview a signed-out fetcher gets: generic by default (lib/auth/link-preview.ts), the incident's
 * title only with LINK_PREVIEW_TITLES=true.
 */
export async function generateMetadata({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}): Promise<Metadata> {
  const next = safeReturnPath(first((await searchParams).next));
  const target = previewTarget(next);
  const allowTitles = getConfig().linkPreviewTitles;
  let preview = signedOutPreview({ kind: "page" }, allowTitles);
  try {
    if (target.kind === "incident") {
      const incident =
        allowTitles && isIncidentId(target.id) ? await (await getIncidentStore()).getIncident(target.id) : null;
      preview = signedOutPreview(
        { kind: "incident", title: incident?.title, severity: incident?.severity },
        allowTitles,
      );
    } else if (target.kind === "runbook") {
      preview = signedOutPreview({ kind: "runbook", title: getRunbook(target.slug)?.title }, allowTitles);
    }
  } catch (error) {
    logError("link preview: the incident could not be read", error);
  }
  return {
    title: "Sign in",
    openGraph: { ...preview, type: "website", siteName: SITE_NAME },
    twitter: { card: "summary", ...preview },
    robots: { index: false, follow: false },
  };
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
