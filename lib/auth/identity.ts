// Resolves the person behind a request from its headers, according to AUTH_MODE.
// TEMPORARY during development: only AUTH_MODE=none is wired; the sign-in work fills in the rest.
import "server-only";
import { getConfig } from "../config";
import { type Actor, LOCAL_ADMIN } from "./actor";

export async function resolveIdentity(_headers: Headers): Promise<Actor | null> {
  if (getConfig().auth.mode === "none") return LOCAL_ADMIN;
  return null;
}
