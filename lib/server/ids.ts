// Unguessable ids (128 random bits) and a clock that never repeats a millisecond, for ordering entries.
import "server-only";
import { randomBytes } from "node:crypto";

/** 16 bytes from the OS CSPRNG as base64url: 22 characters, nothing sequential to enumerate. */
export function newId(): string {
  return randomBytes(16).toString("base64url");
}

let last = 0;

/**
 * Now as ISO 8601, strictly later than the previous call in this process, so two entries written in
 * the same millisecond still sort in the order they were written.
 */
export function monotonicNow(): string {
  const now = Math.max(Date.now(), last + 1);
  last = now;
  return new Date(now).toISOString();
}
