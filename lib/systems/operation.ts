// Every typed operation a guide command line can turn into: the union of each system's own operations.
// Nothing here is ever passed to a shell.
import type { SystemAdapter } from "./core/adapter";
import type { ParsedCommand as ParsedCommandOf } from "./core/parsed";
import type { SYSTEMS } from "./registry";

export type { HttpTarget } from "../http/target-get";
export type { ParamSpec } from "./core/params";
export type { OperationStep, Remediation } from "./core/parsed";
export type { MongoReadOp } from "./mongo/operation";
export type { RedisReadCommand } from "./redis/operation";

/** The operations an adapter runs (its first type parameter). */
type OperationOf<A> = A extends SystemAdapter<infer Op, infer _Check, infer _Parsed> ? Op : never;

/** Every operation of every registered system: adding a system to the registry adds its operations here. */
export type Operation = OperationOf<(typeof SYSTEMS)[number]>;

export type OperationKind = Operation["kind"];

export type ParsedCommand = ParsedCommandOf<Operation>;
