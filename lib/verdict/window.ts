// The window a count covers, said the same way by every check.
import { formatSeconds } from "./format";

/** Lifetime = counters as they stand (since the process started); window = Δ between two scrapes. */
export type CountWindow = { kind: "lifetime" } | { kind: "window"; seconds: number };

/** "over the last 30 s" or the lifetime phrase the caller gives ("since process start"). */
export function describeWindow(window: CountWindow, lifetimePhrase = "since process start"): string {
  return window.kind === "window" ? `over the last ${formatSeconds(window.seconds)}` : lifetimePhrase;
}
