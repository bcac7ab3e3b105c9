// A refused audit call: malformed input or filter (400), never a crash.

export class AuditStoreError extends Error {
  override name = "AuditStoreError";
  constructor(
    readonly code: "invalid",
    message: string,
  ) {
    super(message);
  }
}
