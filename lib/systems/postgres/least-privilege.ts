// The PostgreSQL login role the dashboard needs, in one place: docs/postgres.md shows these exact statements and
// tests/integration/systems/postgres/least-privilege.test.ts creates the role from them.
// Deliberately free of server-only imports so scripts, docs and tests can read it.

export interface PostgresRole {
  name: string;
  /** The variable whose URL logs in as this role. */
  variable: string;
  /** Statements an administrator runs once, in order (the password is set separately, never here). */
  statements: readonly string[];
  /** Why each grant is there. */
  why: Readonly<Record<string, string>>;
}

/**
 * Read-only diagnostics (POSTGRES_URL). pg_monitor bundles pg_read_all_stats (other sessions' query text in
 * pg_stat_activity, all of pg_stat_statements), pg_read_all_settings (shared_preload_libraries) and
 * pg_stat_scan_tables; it cannot write, signal backends, or read any table's data.
 */
export const POSTGRES_DIAGNOSTICS_ROLE: PostgresRole = {
  name: "rb_diag_pg",
  variable: "POSTGRES_URL",
  statements: [
    // NOINHERIT would defeat the grant below; NOSUPERUSER … NOBYPASSRLS spell out what it must never be.
    "CREATE ROLE rb_diag_pg LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS CONNECTION LIMIT 4",
    "GRANT pg_monitor TO rb_diag_pg",
  ],
  why: {
    LOGIN: "the dashboard connects as this role (POSTGRES_URL); CONNECTION LIMIT 4 is twice its pool of 2",
    pg_monitor:
      "reads every session's query, state and wait in pg_stat_activity, pg_blocking_pids and pg_locks, " +
      "pg_stat_statements, and the settings max_connections, superuser_reserved_connections and " +
      "shared_preload_libraries; nothing else",
  },
};

/** What an administrator runs to remove the role again. */
export function dropRoleStatements(role: PostgresRole): string[] {
  return [`DROP ROLE IF EXISTS ${role.name}`];
}
