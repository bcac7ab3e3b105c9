import { describe, expect, it } from "vitest";
import { analyzeIndexes } from "../../../../lib/systems/mongo/check-indexes";
import { fixtureJson } from "../fixtures";

describe("analyzeIndexes", () => {
  it("lists indexes with their options", () => {
    const v = analyzeIndexes(fixtureJson("mongo/get-indexes.json"), "agents.conversations");
    expect(v.status).toBe("ok");
    expect(v.headline).toBe("5 indexes on agents.conversations");
    expect(v.tables?.[0]?.rows).toEqual([
      ["_id_", '{ "_id": 1 }', null],
      ["userId_1_status_1", '{ "userId": 1, "status": 1 }', null],
      ["status_1", '{ "status": 1 }', 'partial {"status":{"$eq":"open"}}'],
      ["createdAt_1", '{ "createdAt": 1 }', "TTL 2592000 s"],
      ["email_1", '{ "email": 1 }', "unique, collation en"],
    ]);
  });

  it("handles no indexes and malformed output", () => {
    expect(analyzeIndexes([]).headline).toBe("no indexes");
    expect(analyzeIndexes({ ok: 0 }).status).toBe("error");
    expect(analyzeIndexes([{ v: 2, name: "a_1" }]).detail).toBe("index [0] needs a name and a key document");
  });
});
