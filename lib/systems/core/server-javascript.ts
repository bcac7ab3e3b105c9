// Server-side JavaScript in a query value: refused in every filter and shell argument, wherever it is nested.

const SERVER_JS_OPERATORS = new Set(["$where", "$function", "$accumulator"]);

/** A plain `{…}` document (not an array, Date, ObjectId or other BSON value). */
export function isPlainDocument(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === null || prototype === Object.prototype;
}

/** The first server-side JavaScript the value carries: a $where/$function/$accumulator key or a BSON Code value. */
export function findServerJavaScript(value: unknown): string | null {
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = findServerJavaScript(item);
      if (found !== null) return found;
    }
    return null;
  }
  if (typeof value !== "object" || value === null) return null;
  if ((value as { _bsontype?: unknown })._bsontype === "Code") return "Code()";
  if (!isPlainDocument(value)) return null;
  for (const [key, item] of Object.entries(value)) {
    if (SERVER_JS_OPERATORS.has(key)) return key;
    const found = findServerJavaScript(item);
    if (found !== null) return found;
  }
  return null;
}
