// Field schemas shared by the config groups. Each one turns "" into undefined (an empty line in .env
// means unset) and adds issues whose text shows the value only through shownValue, so a password can
// never surface.
import path from "node:path";
import { z } from "zod";
import { redactUrl } from "../server/redact";

type Ctx = z.core.$RefinementCtx<string | undefined>;

/**
 * A value as it may appear in an error: URL userinfo masked, and for anything malformed enough
 * that redactUrl cannot find the userinfo ("://u:pw@h", "u:pw@h"), everything before the last "@".
 */
export function shownValue(value: string): string {
  const masked = redactUrl(value);
  const at = masked.lastIndexOf("@");
  if (at < 0 || masked.slice(0, at).endsWith(":***")) return masked;
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(masked)?.[0] ?? "";
  return `${scheme}***${masked.slice(at)}`;
}

/** Any text; blank means unset. */
export const optionalText = z
  .string()
  .optional()
  .transform((v) => {
    const t = v?.trim();
    return t === "" ? undefined : t;
  });

/** Text with a default when unset. */
export function textField(fallback: string) {
  return optionalText.transform((v) => v ?? fallback);
}

export const HTTP = ["http", "https"] as const;
export const REDIS = ["redis", "rediss"] as const;
export const MONGO = ["mongodb", "mongodb+srv"] as const;

export function checkUrl(value: string, schemes: readonly string[], example: string, ctx: Ctx): string | undefined {
  const shown = shownValue(value);
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(value)?.[1]?.toLowerCase();
  if (!scheme || !schemes.includes(scheme)) {
    ctx.addIssue({
      code: "custom",
      message: `must start with ${schemes.map((s) => `${s}://`).join(" or ")} (e.g. ${example}), got "${shown}"`,
    });
    return undefined;
  }
  if (scheme.startsWith("mongodb")) {
    // Multi-host seed lists ("h1:1,h2:2") are not WHATWG URLs, so mongodb URIs get a shape check;
    // an unescaped "@" or ":" in the password is what the driver itself would reject later.
    const m = /^mongodb(?:\+srv)?:\/\/(?:([^@/?#\s]*)@)?([^@/?#\s]+)(\/[^?#\s]*)?(\?[^#\s]*)?$/i.exec(value);
    if (!m) {
      ctx.addIssue({
        code: "custom",
        message: `is not a valid connection string (percent-encode "@", ":" and "/" in the user name and password), got "${shown}"`,
      });
      return undefined;
    }
    return value;
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    ctx.addIssue({ code: "custom", message: `is not a valid URL, got "${shown}"` });
    return undefined;
  }
  if (url.hostname === "") {
    ctx.addIssue({ code: "custom", message: `has no host, got "${shown}"` });
    return undefined;
  }
  return value;
}

/** An optional URL whose scheme is one of `schemes`. */
export function urlField(schemes: readonly string[], example: string) {
  return optionalText.transform((v, ctx) => (v === undefined ? undefined : checkUrl(v, schemes, example, ctx)));
}

export function trimSlash(url: string): string {
  return url.replace(/\/+$/, "");
}

export function trimSlashOrUndefined(url: string | undefined): string | undefined {
  return url === undefined ? undefined : trimSlash(url);
}

export function splitList(v: string): string[] {
  return v
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
}

/** `guide=real` or a bare absolute path (then the guide names the real path itself). */
export function pairList(v: string | undefined, ctx: Ctx, example: string): { key: string; realPath: string }[] {
  const out: { key: string; realPath: string }[] = [];
  if (v === undefined) return out;
  const seen = new Set<string>();
  for (const entry of splitList(v)) {
    const eq = entry.indexOf("=");
    const key = (eq < 0 ? entry : entry.slice(0, eq)).trim();
    const realPath = (eq < 0 ? entry : entry.slice(eq + 1)).trim();
    if (key === "" || realPath === "" || key.includes("\0") || realPath.includes("\0")) {
      ctx.addIssue({
        code: "custom",
        message: `entry "${shownValue(entry)}" must be guidePath=/real/path or /real/path (e.g. ${example})`,
      });
      continue;
    }
    if (!path.isAbsolute(realPath)) {
      ctx.addIssue({ code: "custom", message: `entry "${shownValue(entry)}": the real path must be absolute` });
      continue;
    }
    if (seen.has(key)) {
      ctx.addIssue({ code: "custom", message: `"${key}" is listed twice` });
      continue;
    }
    seen.add(key);
    out.push({ key, realPath: path.normalize(realPath) });
  }
  return out;
}

export function absolutePathField(what: string) {
  return optionalText.transform((v, ctx) => {
    if (v === undefined) return undefined;
    if (!path.isAbsolute(v)) {
      ctx.addIssue({ code: "custom", message: `must be an absolute path to ${what}, got "${v}"` });
      return undefined;
    }
    return path.normalize(v);
  });
}

/** A MongoDB database name (MongoDB forbids other characters; 63 bytes is its limit). */
export function databaseNameField(fallback: string) {
  return optionalText.transform((v, ctx) => {
    if (v === undefined) return fallback;
    if (!/^[A-Za-z0-9_-]{1,63}$/.test(v)) {
      ctx.addIssue({ code: "custom", message: `must be 1-63 letters, digits, _ or -, got "${v}"` });
      return fallback;
    }
    return v;
  });
}

export function oneOf<T extends string>(values: readonly T[], fallback: T) {
  return optionalText.transform((v, ctx): T => {
    if (v === undefined) return fallback;
    if (!(values as readonly string[]).includes(v)) {
      ctx.addIssue({ code: "custom", message: `must be one of ${values.join(", ")}, got "${v}"` });
      return fallback;
    }
    return v as T;
  });
}

export function booleanField(fallback: boolean) {
  return optionalText.transform((v, ctx) => {
    if (v === undefined) return fallback;
    if (/^(true|1|yes|on)$/i.test(v)) return true;
    if (/^(false|0|no|off)$/i.test(v)) return false;
    ctx.addIssue({ code: "custom", message: `must be true or false, got "${v}"` });
    return fallback;
  });
}

/** A token or password: never echoed in an error. */
export function secretField(minLength: number, example: string) {
  return optionalText.transform((v, ctx) => {
    if (v === undefined) return undefined;
    // Never echo the value: it is a secret.
    if (v.length < minLength || v.length > 512 || /\s/.test(v)) {
      ctx.addIssue({
        code: "custom",
        message: `must be ${minLength}-512 characters without spaces (e.g. ${example})`,
      });
      return undefined;
    }
    return v;
  });
}

export function positiveIntField(fallback: number, max: number) {
  return optionalText.transform((v, ctx) => {
    if (v === undefined) return fallback;
    if (!/^\d{1,9}$/.test(v) || Number(v) < 1 || Number(v) > max) {
      ctx.addIssue({ code: "custom", message: `must be an integer from 1 to ${max}, got "${v}"` });
      return fallback;
    }
    return Number(v);
  });
}

/** A comma-separated list of names (groups), no validation beyond trimming. */
export const nameListField = optionalText.transform((v) => (v === undefined ? [] : splitList(v)));
