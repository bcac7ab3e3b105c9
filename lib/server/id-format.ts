// The shape of incident, entry and audit record ids (22 base64url characters), with nothing else, so the browser bundle stays small.

/** 16 random bytes as base64url: 22 characters, 128 bits. */
export const ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;

export function isIncidentId(value: string): boolean {
  return ID_PATTERN.test(value);
}
