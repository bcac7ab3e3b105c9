// The run-time parameters a parsed command may ask for ({user_id}, {collection}, {filter}) and their validation.

import { isJsonObject, type JsonValue, parseRelaxedJson, RelaxedJsonError } from "./relaxed-json";
import { findServerJavaScript } from "./server-javascript";

/** A value the operator supplies at run time, validated against `pattern`. */
export interface ParamSpec {
  name: string; // "user_id", "collection", "filter"
  label: string;
  /** Source of a RegExp the whole value must match. */
  pattern: string;
  /** Human description of what is allowed, shown on a validation error. */
  hint: string;
  defaultValue?: string;
  maxLength: number;
}

/** `{name}` inside a template; names are identifiers so JSON text such as `{"a":1}` never looks like one. */
export const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]{0,63})\}/g;

export const REDIS_KEY_PART_PATTERN = "^[A-Za-z0-9_.:-]{1,128}$";
export const COLLECTION_PATTERN = "^(?!system\\.)[A-Za-z_][A-Za-z0-9_.-]{0,119}$";
export const FILTER_PATTERN = "^\\s*\\{[\\s\\S]*\\}\\s*$";
export const FILTER_MAX_LENGTH = 2000;
export const COLLECTION_TEMPLATE = "{collection}";
export const FILTER_TEMPLATE = "{filter}";

export function placeholderNames(template: string): string[] {
  const names: string[] = [];
  for (const match of template.matchAll(PLACEHOLDER)) {
    const name = match[1];
    if (name !== undefined && !names.includes(name)) names.push(name);
  }
  return names;
}

export function fillTemplate(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => values[name] ?? whole);
}

function labelFor(name: string): string {
  const words = name.split("_").filter((word) => word !== "");
  return words
    .map((word, index) => {
      if (word.toLowerCase() === "id") return "ID";
      return index === 0 ? word.charAt(0).toUpperCase() + word.slice(1) : word;
    })
    .join(" ");
}

export function redisKeyParam(name: string): ParamSpec {
  return {
    name,
    label: labelFor(name),
    pattern: REDIS_KEY_PART_PATTERN,
    hint: "1–128 characters: letters, digits and _ . : -",
    maxLength: 128,
  };
}

export function collectionParam(defaultValue?: string): ParamSpec {
  return {
    name: "collection",
    label: "Collection",
    pattern: COLLECTION_PATTERN,
    hint: "a collection name: letter or _ first, then letters, digits, _ . - (not system.*)",
    maxLength: 120,
    ...(defaultValue === undefined ? {} : { defaultValue }),
  };
}

export function filterParam(defaultValue: string): ParamSpec {
  return {
    name: "filter",
    label: "Query filter (JSON)",
    pattern: FILTER_PATTERN,
    hint: 'a JSON object such as {"status": "active"}; unquoted keys and single quotes are accepted',
    maxLength: FILTER_MAX_LENGTH,
    defaultValue,
  };
}

/** Parses a (relaxed) filter object into canonical JSON text, refusing server-side JavaScript. */
export function normalizeFilter(text: string): { ok: true; json: string } | { ok: false; message: string } {
  if (text.length > FILTER_MAX_LENGTH) return { ok: false, message: `longer than ${FILTER_MAX_LENGTH} characters` };
  let value: JsonValue;
  try {
    value = parseRelaxedJson(text);
  } catch (error) {
    if (error instanceof RelaxedJsonError) return { ok: false, message: `not a JSON object: ${error.message}` };
    throw error;
  }
  if (!isJsonObject(value)) return { ok: false, message: "must be a JSON object" };
  const operator = findServerJavaScript(value);
  if (operator !== null) return { ok: false, message: `${operator} runs JavaScript on the server and is not allowed` };
  return { ok: true, json: JSON.stringify(value) };
}

/** Checks one supplied value against its spec; filters come back as canonical JSON. */
export function validateParam(
  spec: ParamSpec,
  value: string,
): { ok: true; value: string } | { ok: false; message: string } {
  if (value.length > spec.maxLength)
    return { ok: false, message: `${spec.label}: at most ${spec.maxLength} characters` };
  if (!new RegExp(spec.pattern).test(value)) return { ok: false, message: `${spec.label}: ${spec.hint}` };
  if (spec.name === "filter") {
    const filter = normalizeFilter(value);
    return filter.ok ? { ok: true, value: filter.json } : { ok: false, message: `${spec.label}: ${filter.message}` };
  }
  return { ok: true, value };
}
