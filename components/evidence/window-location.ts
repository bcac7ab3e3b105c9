// The evidence window a runbook page asks for: `?window=5m` in the address bar, read at the moment of a run.
import { type EvidenceWindow, windowFromParam } from "@/lib/evidence/window";

/** The window in the current URL (the default when absent or unknown; also on the server). */
export function windowFromLocation(): EvidenceWindow {
  if (typeof window === "undefined") return windowFromParam(undefined);
  return windowFromParam(new URLSearchParams(window.location.search).get("window"));
}
