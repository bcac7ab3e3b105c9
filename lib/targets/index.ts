// Server-only entry point to the target modules: app code imports from here, tests import the files directly.
import "server-only";

export * from "./errors";
export * from "./files";
export * from "./git";
export * from "./http";
export * from "./mongo";
export * from "./prometheus";
export * from "./redis";
export * from "./system";
