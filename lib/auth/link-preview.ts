// What a signed-out fetcher (a chat app unfurling a shared link) may learn from a page's metadata.
// Default: a generic title that names the kind of page and nothing of an incident. With
// LINK_PREVIEW_TITLES=true, an incident's title and severity too; never its summary or evidence.

export interface PreviewSubject {
  kind: "incident" | "runbook" | "page";
  /** The incident's or runbook's title, when known. */
  title?: string | undefined;
  /** The incident's severity (sev1…sev4), when known. */
  severity?: string | undefined;
}

export interface PreviewText {
  title: string;
  description: string;
}

export const SITE_NAME = "Runbooks";

/** The preview text for a signed-out fetcher. Runbook titles are the library's, not incident data. */
export function signedOutPreview(subject: PreviewSubject, allowTitles: boolean): PreviewText {
  if (subject.kind === "incident") {
    const description = "Sign in to see the incident's status, evidence and timeline.";
    if (allowTitles && subject.title) {
      const sev = subject.severity ? `[${subject.severity.toUpperCase()}] ` : "";
      return { title: `${sev}${subject.title}`, description };
    }
    return { title: "Incident — sign in to view", description };
  }
  if (subject.kind === "runbook" && subject.title) {
    return { title: subject.title, description: "Troubleshooting guide — sign in to run its diagnosis steps." };
  }
  return { title: `${SITE_NAME} — sign in`, description: "Troubleshooting guides and incidents." };
}

/** Which page a return path points at: /incidents/<id>, /runbooks/<slug>, or another page. */
export function previewTarget(
  path: string,
): { kind: "incident"; id: string } | { kind: "runbook"; slug: string } | { kind: "page" } {
  const pathname = new URL(path, "http://preview.invalid").pathname;
  const incident = /^\/incidents\/([^/]+)\/?$/.exec(pathname);
  if (incident?.[1]) return { kind: "incident", id: decodeURIComponent(incident[1]) };
  const runbook = /^\/runbooks\/([^/]+)\/?$/.exec(pathname);
  if (runbook?.[1]) return { kind: "runbook", slug: decodeURIComponent(runbook[1]) };
  return { kind: "page" };
}
