// Makes an audit record safe to keep and show: secrets masked, control characters encoded, fields capped.
// Pure (secrets are passed in), so it is unit-tested directly and both stores run it before every insert.

import { ID_PATTERN } from "../server/id-format";
import { isSecretKey, MASK, redactText } from "../server/redact";
import { capText, encodeControlCharacters } from "../server/text";
import { AuditStoreError } from "./errors";
import { AUDIT_RESULTS, type AuditRecordInput } from "./types";

/** Longest stored value of each text field, in UTF-16 units, after masking and encoding. */
export const AUDIT_FIELD_MAX = {
  actorId: 200,
  actorName: 200,
  role: 40,
  operation: 200,
  target: 500,
  command: 2000,
  before: 2000,
  after: 2000,
  reason: 2000,
  requestId: 100,
} as const;

type TextField = keyof typeof AUDIT_FIELD_MAX;
const REQUIRED: readonly TextField[] = ["actorId", "actorName", "role", "operation", "requestId"];
const OPTIONAL: readonly TextField[] = ["target", "command", "before", "after", "reason"];

// `password=x`, `token: x`, `"secret":"x"` — the value after a key that names a secret. The lookbehind
// lets a match start only where a key starts, which keeps the scan linear on long unbroken text.
const SECRET_PAIR = /(?<![A-Za-z0-9_.-])([A-Za-z0-9_.-]+)(["']?\s*[:=]\s*["']?)([^\s"'&,;]+)/g;
// `Authorization: Bearer abc`, `Basic dXNlcjpw`.
const AUTH_SCHEME = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi;

// A key that names a secret ends with one of these words: `password`, `db_pass`, `access_token`,
// `Authorization`, `client-secret`. Ending, not containing, so "not authorized: …" in prose stays readable.
const SECRET_KEY_END =
  /(?:pass|passwd|password|secret|secret[_-]?key|token|api[_-]?key|private[_-]?key|credentials?|auth|authorization|requirepass|masterauth)$/i;

/** Masks configured secrets, URL passwords, secret key=value pairs and Authorization credentials. */
export function maskSecrets(text: string, secrets: readonly string[]): string {
  // Credentials first, so `Authorization: Bearer x` loses x even though the pair below masks only "Bearer".
  return redactText(text, secrets)
    .replace(AUTH_SCHEME, (_whole, scheme: string) => `${scheme} ${MASK}`)
    .replace(SECRET_PAIR, (whole, key: string, sep: string, value: string) =>
      SECRET_KEY_END.test(key) && value !== MASK ? `${key}${sep}${MASK}` : whole,
    );
}

// Command words whose following argument is a credential: redis-cli -a, AUTH, CONFIG SET requirepass …
const CREDENTIAL_FLAGS = new Set(["-a", "--pass", "--password", "-password", "--authenticationdatabase"]);

/**
 * Masks each argument that follows a word naming a secret (`CONFIG SET requirepass x`, `AUTH user pw`,
 * `redis-cli -a pw`). Returns whether it did, since the before/after values of such a command are secrets too.
 */
export function maskCommandArguments(command: string): { text: string; namedSecret: boolean } {
  const parts = command.split(/(\s+)/);
  let namedSecret = false;
  let maskRest = false;
  let maskNext = false;
  for (let i = 0; i < parts.length; i += 2) {
    const word = parts[i] ?? "";
    if (word === "") continue;
    if (maskRest || maskNext) {
      parts[i] = MASK;
      maskNext = false;
      continue;
    }
    const lower = word.toLowerCase();
    if (lower === "auth") {
      maskRest = true;
      namedSecret = true;
    } else if (CREDENTIAL_FLAGS.has(lower) || (!/[=:/?]/.test(word) && isSecretKey(word))) {
      maskNext = true;
      namedSecret = true;
    }
  }
  return { text: parts.join(""), namedSecret };
}

function checkRequired(input: AuditRecordInput, field: TextField): string {
  const value = input[field];
  if (typeof value !== "string" || value.trim() === "") {
    throw new AuditStoreError("invalid", `audit record: ${field} must be a non-empty string`);
  }
  return value;
}

/**
 * The record as it will be stored. Masking runs before encoding and capping, so a secret is never
 * stored in part; a malformed incident id is dropped (and named in the reason) rather than losing the record.
 */
export function sanitizeAuditInput(input: AuditRecordInput, secrets: readonly string[]): AuditRecordInput {
  if (!(AUDIT_RESULTS as readonly string[]).includes(input.result)) {
    throw new AuditStoreError("invalid", `audit record: result must be one of ${AUDIT_RESULTS.join(", ")}`);
  }
  // The first slice only bounds the work on hostile input; the final cap is the stored limit.
  const clean = (field: TextField, value: string) =>
    capText(
      encodeControlCharacters(maskSecrets(value.slice(0, AUDIT_FIELD_MAX[field] * 8), secrets)),
      AUDIT_FIELD_MAX[field],
    );

  const out: AuditRecordInput = {
    actorId: "",
    actorName: "",
    role: "",
    operation: "",
    requestId: "",
    result: input.result,
  };
  for (const field of REQUIRED) out[field] = clean(field, checkRequired(input, field).trim());

  let namedSecret = false;
  for (const field of OPTIONAL) {
    const value = input[field];
    if (value === undefined) continue;
    if (typeof value !== "string") throw new AuditStoreError("invalid", `audit record: ${field} must be a string`);
    let text = value;
    if (field === "command") {
      const masked = maskCommandArguments(value);
      text = masked.text;
      namedSecret = masked.namedSecret;
    }
    out[field] = clean(field, text);
  }
  // CONFIG SET requirepass: the old and new values are the password itself.
  if (namedSecret) {
    if (out.before !== undefined) out.before = MASK;
    if (out.after !== undefined) out.after = MASK;
  }

  if (input.incidentId !== undefined) {
    if (typeof input.incidentId === "string" && ID_PATTERN.test(input.incidentId)) {
      out.incidentId = input.incidentId;
    } else {
      const note = "(a malformed incident id came with this record and was dropped)";
      out.reason = capText(out.reason === undefined ? note : `${out.reason} ${note}`, AUDIT_FIELD_MAX.reason);
    }
  }
  return out;
}
