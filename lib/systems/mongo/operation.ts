// The read-only MongoDB operations a guide line can turn into.

export type MongoReadOp =
  | "serverStatus"
  | "connections"
  | "currentOp"
  | "explain"
  | "getIndexes"
  | "profiler"
  | "find"
  | "aggregate"
  | "count"
  | "stats";

/** The documents a find or aggregate step reads at most: the server stops there (limit / a final $limit). */
export const DOCUMENTS_CAP = 50;

export interface MongoOperation {
  kind: "mongo";
  op: MongoReadOp;
  /** Field selector after the call, e.g. "connections" in db.serverStatus().connections or "count" in stats(). */
  field?: string;
  /** Collection template for explain/getIndexes/find/count/stats ("{collection}" when the guide says db.collection). */
  collection?: string;
  /** Filter JSON template for explain, find and count ("{filter}"). */
  filter?: string;
  /** find: projection and sort as Extended JSON, from the guide's second argument / .projection() / .sort(). */
  projection?: string;
  sort?: string;
  skip?: number;
  /** find: documents asked of the server, never above DOCUMENTS_CAP (nor the guide's own .limit()). */
  limit?: number;
  /** aggregate: the guide's pipeline as Extended JSON; the run appends { $limit: DOCUMENTS_CAP }. */
  pipeline?: string;
  /** count: countDocuments (a query) or estimatedDocumentCount (the collection's metadata). */
  count?: "documents" | "estimated";
  /** For the read-only profiler counterpart: the slowms the guide asked for. */
  slowms?: number;
  /** The server the line names (`mongosh mongodb://orders-db`): a key into MONGODB_TARGETS, never dialled itself. */
  target?: { name: string; port?: string };
}
