// The PostgreSQL catalog queries a guide's psql line can turn into (placeholder until the postgres folder lands).
export type PostgresQueryId = "connections" | "long-running" | "idle-in-transaction" | "lock-waits" | "top-statements";

export interface PostgresOperation {
  kind: "postgres";
  query: PostgresQueryId;
  /** Seconds threshold the guide line asked for, when it states one. */
  minSeconds?: number;
  limit?: number;
}
