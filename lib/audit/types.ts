// One audit record: every remediation attempt and every denied request appends one. Never edited.

export const AUDIT_RESULTS = ["ok", "failed", "denied", "refused"] as const;
export type AuditResult = (typeof AUDIT_RESULTS)[number];

export interface AuditRecordInput {
  /** Who (actor id and display name) and with which role; "anonymous" when there was no session. */
  actorId: string;
  actorName: string;
  role: string;
  /** The operation from lib/auth/operations.ts, e.g. applyRemediationAction or "POST /api/run". */
  operation: string;
  /** What it was aimed at, secrets masked: "redis 127.0.0.1:6379", "mongo app.orders". */
  target?: string;
  /** The command with secrets masked: "CONFIG SET maxmemory-policy allkeys-lru". */
  command?: string;
  before?: string;
  after?: string;
  result: AuditResult;
  /** Why it was denied / refused / failed, in words. */
  reason?: string;
  requestId: string;
  incidentId?: string;
}

export interface AuditRecord extends AuditRecordInput {
  id: string;
  /** UTC, ISO 8601. */
  at: string;
}

export interface AuditFilter {
  actor?: string;
  result?: AuditResult;
  operation?: string;
  incidentId?: string;
  /** Records strictly before this id's time, for paging back. */
  before?: string;
  limit?: number;
}

/** One page of records, newest first; `nextBefore` pages back (null on the oldest page). */
export interface AuditPage {
  records: AuditRecord[];
  nextBefore: string | null;
}
