// The MongoDB being diagnosed (explain, getIndexes, profiler).
import { z } from "zod";
import { databaseNameField, MONGO, urlField } from "./fields";
import { namedUrlsField } from "./named-urls";

export const mongoConfig = z
  .object({
    MONGODB_URL: urlField(MONGO, "mongodb://127.0.0.1:27017/"),
    MONGODB_DATABASE: databaseNameField("app"),
    MONGODB_TARGETS: namedUrlsField(MONGO, "orders-db=mongodb://10.0.0.7:27017/"),
  })
  .transform((e) => ({
    mongodbUrl: e.MONGODB_URL,
    mongodbDatabase: e.MONGODB_DATABASE,
    /** Name → URL of the MongoDB servers a guide names by host (read in MONGODB_DATABASE). */
    mongodbTargets: Object.freeze(e.MONGODB_TARGETS),
  }));
