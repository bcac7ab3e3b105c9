// Which MongoDB-compatible server answered: verdicts name it when a command is missing or stubbed.

/** Product and version, e.g. { product: "MongoDB", version: "7.0.14" } or { product: "FerretDB", version: "1.24.2" }. */
export interface ServerIdentity {
  product: string;
  version: string;
}

/** "FerretDB 1.24.2"; an unknown server reads "this server". */
export function describeServer(server: ServerIdentity | undefined): string {
  if (!server) return "this server";
  return `${server.product} ${server.version}`.trim();
}

export function isFerretDb(server: ServerIdentity | undefined): boolean {
  return server !== undefined && /ferret/i.test(server.product);
}
