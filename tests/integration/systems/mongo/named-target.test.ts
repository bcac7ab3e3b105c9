// `mongosh mongodb://orders-db …` runs against the MONGODB_TARGETS entry named orders-db, never the host
// itself; unconfigured, the step says which entry to add.
import { afterAll, describe, expect, it } from "vitest";
import { closeMongo } from "@/lib/systems/mongo/client";
import { runMongo } from "@/lib/systems/mongo/run";
import { parseCommand } from "@/lib/systems/parse-command";
import { MONGODB_URL, setEnv } from "../helpers";

afterAll(async () => {
  setEnv({ MONGODB_TARGETS: undefined, MONGODB_URL: undefined });
  await closeMongo();
});

describe("a MongoDB server the guide's line names", () => {
  const parsed = parseCommand("mongosh mongodb://orders-db:27017/app --eval 'db.serverStatus().connections'", "bash");

  it("is a key into MONGODB_TARGETS", async () => {
    expect(parsed).toMatchObject({ type: "operation", operation: { target: { name: "orders-db", port: "27017" } } });
    if (parsed.type !== "operation" || parsed.operation.kind !== "mongo") return;
    setEnv({ MONGODB_URL, MONGODB_TARGETS: undefined });
    await expect(runMongo(parsed.operation)).rejects.toMatchObject({
      kind: "not-configured",
      message: expect.stringContaining("add orders-db=mongodb://host:27017/"),
    });
    // By name; MONGODB_URL is unset, so only the named entry can answer.
    setEnv({ MONGODB_URL: undefined, MONGODB_TARGETS: `orders-db=${MONGODB_URL}` });
    const outcome = await runMongo(parsed.operation);
    // The server answered (FerretDB may leave out the connections section; MongoDB fills it).
    expect(["ok", "warning", "critical", "unsupported", "shown"]).toContain(outcome.verdict.status);
  });
});
