// Reads the `profile` command's reply (MongoDB 4.4-8): { was, slowms, sampleRate, ok }. For a set, `was`
// and `slowms` are the settings BEFORE the change; a read (-1) gives the current ones.
import type { ProfileSettings } from "./render";

export interface ProfileReply extends ProfileSettings {
  sampleRate: number | null;
}

function num(v: unknown): number | null {
  if (typeof v === "number" && Number.isFinite(v)) return v;
  // Relaxed Extended JSON keeps int64 as a number, but a canonical one arrives as {"$numberLong": "100"}.
  if (typeof v === "object" && v !== null) {
    const inner = Object.values(v)[0];
    if (typeof inner === "string" && /^-?\d+(\.\d+)?$/.test(inner)) return Number(inner);
  }
  return null;
}

/** The settings in a profile reply, or a message saying what is missing. */
export function readProfileReply(reply: Record<string, unknown>): ProfileReply | { error: string } {
  const level = num(reply.was);
  if (level === null) {
    const keys = Object.keys(reply).slice(0, 8).join(", ");
    return { error: `the profile reply has no "was" field (it has: ${keys || "nothing"})` };
  }
  return { level, slowms: num(reply.slowms), sampleRate: num(reply.sampleRate) };
}
