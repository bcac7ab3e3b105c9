// The read-only MongoDB operations a guide line can turn into.

export type MongoReadOp = "serverStatus" | "connections" | "currentOp" | "explain" | "getIndexes" | "profiler";

export interface MongoOperation {
  kind: "mongo";
  op: MongoReadOp;
  /** Field selector after the call, e.g. "connections" in db.serverStatus().connections. */
  field?: string;
  /** Collection template for explain/getIndexes ("{collection}" when the guide says db.collection). */
  collection?: string;
  /** Filter JSON template for explain ("{filter}"). */
  filter?: string;
  /** For the read-only profiler counterpart: the slowms the guide asked for. */
  slowms?: number;
  /** The server the line names (`mongosh mongodb://orders-db`): a key into MONGODB_TARGETS, never dialled itself. */
  target?: { name: string; port?: string };
}
