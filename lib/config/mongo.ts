// The MongoDB being diagnosed (explain, getIndexes, profiler).
import { z } from "zod";
import { databaseNameField, MONGO, urlField } from "./fields";

export const mongoConfig = z
  .object({
    MONGODB_URL: urlField(MONGO, "mongodb://127.0.0.1:27017/"),
    MONGODB_DATABASE: databaseNameField("app"),
  })
  .transform((e) => ({
    mongodbUrl: e.MONGODB_URL,
    mongodbDatabase: e.MONGODB_DATABASE,
  }));
