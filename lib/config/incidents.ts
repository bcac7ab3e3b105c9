// Where incidents, their timelines and received alerts are kept, and the token Alertmanager sends.
import path from "node:path";
import { z } from "zod";
import { booleanField, databaseNameField, MONGO, optionalText, secretField, urlField } from "./fields";

const incidentStoreField = optionalText.transform((v, ctx): "sqlite" | "mongo" => {
  if (v === undefined) return "sqlite";
  if (v !== "sqlite" && v !== "mongo") {
    ctx.addIssue({ code: "custom", message: `must be sqlite or mongo, got "${v}"` });
    return "sqlite";
  }
  return v;
});

const dataDirField = optionalText.transform((v, ctx) => {
  let dir = v ?? ".data";
  if (dir.includes("\0")) {
    ctx.addIssue({ code: "custom", message: "must be a directory path" });
    dir = ".data";
  }
  // A runtime path: the comment keeps Turbopack from tracing the whole project into the build output.
  return path.resolve(/* turbopackIgnore: true */ process.cwd(), dir);
});

export const incidentsConfig = z
  .object({
    INCIDENT_STORE: incidentStoreField,
    DATA_DIR: dataDirField,
    INCIDENTS_MONGODB_URL: urlField(MONGO, "mongodb://127.0.0.1:27017/"),
    INCIDENTS_MONGODB_DATABASE: databaseNameField("runbook_incidents"),
    ALERTS_TOKEN: secretField(16, "openssl rand -hex 24"),
    LINK_PREVIEW_TITLES: booleanField(false),
  })
  .superRefine((e, ctx) => {
    if (e.INCIDENT_STORE === "mongo" && e.INCIDENTS_MONGODB_URL === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["INCIDENTS_MONGODB_URL"],
        message: "must be set when INCIDENT_STORE=mongo",
      });
    }
  })
  .transform((e) => ({
    /** Where incidents are kept: the embedded SQLite file (default) or a shared MongoDB database. */
    incidentStore: e.INCIDENT_STORE,
    /** Absolute directory of the SQLite incident store (DATA_DIR, default `.data` under the working directory). */
    dataDir: e.DATA_DIR,
    incidentsMongodbUrl: e.INCIDENTS_MONGODB_URL,
    incidentsMongodbDatabase: e.INCIDENTS_MONGODB_DATABASE,
    /** Bearer token Alertmanager must send to POST /api/alerts; unset turns alert intake off. */
    alertsToken: e.ALERTS_TOKEN,
    /** Whether link previews for signed-out fetchers (chat apps) carry an incident's title and severity. */
    linkPreviewTitles: e.LINK_PREVIEW_TITLES,
  }));
