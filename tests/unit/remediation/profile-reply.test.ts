// The profile command's reply as MongoDB 7 sends it: a set returns the settings before the change.
import { describe, expect, it } from "vitest";
import { readProfileReply } from "@/lib/remediation/profile-reply";
import { profileText } from "@/lib/remediation/render";

// db.runCommand({ profile: 1, slowms: 50 }) on MongoDB 7.0, profiler off before (relaxed EJSON of the reply).
const SET_REPLY = { was: 0, slowms: 100, sampleRate: 1, ok: 1 };
// db.runCommand({ profile: -1 }) afterwards.
const READ_REPLY = { was: 1, slowms: 50, sampleRate: 1, ok: 1 };

describe("readProfileReply", () => {
  it("reads the previous settings from a set and the current ones from a read", () => {
    expect(readProfileReply(SET_REPLY)).toEqual({ level: 0, slowms: 100, sampleRate: 1 });
    expect(readProfileReply(READ_REPLY)).toEqual({ level: 1, slowms: 50, sampleRate: 1 });
  });

  it("reads canonical Extended JSON numbers too", () => {
    expect(readProfileReply({ was: { $numberInt: "1" }, slowms: { $numberLong: "200" }, ok: 1 })).toEqual({
      level: 1,
      slowms: 200,
      sampleRate: null,
    });
  });

  it("says what the reply lacks instead of guessing", () => {
    expect(readProfileReply({ ok: 1, note: "x" })).toEqual({
      error: 'the profile reply has no "was" field (it has: ok, note)',
    });
  });

  it("turns settings into the before → after words the dialog shows", () => {
    const before = readProfileReply(SET_REPLY);
    const after = readProfileReply(READ_REPLY);
    if ("error" in before || "error" in after) throw new Error("fixture did not parse");
    expect(`${profileText(before)} → ${profileText(after)}`).toBe(
      "level 0 (off), slowms 100 → level 1 (operations slower than 50 ms)",
    );
  });
});
