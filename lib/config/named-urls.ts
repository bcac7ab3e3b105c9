// A list of named targets in one variable, `name=url,name=url` (REDIS_TARGETS, POSTGRES_TARGETS): the servers a
// guide's command may name by host. Each URL is checked like the system's own *_URL variable.
import { checkUrl, optionalText, shownValue, splitList } from "./fields";

const TARGET_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

export function namedUrlsField(schemes: readonly string[], example: string) {
  return optionalText.transform((v, ctx) => {
    const out: Record<string, string> = {};
    for (const entry of v === undefined ? [] : splitList(v)) {
      const eq = entry.indexOf("=");
      const name = eq < 0 ? "" : entry.slice(0, eq).trim();
      const url = eq < 0 ? "" : entry.slice(eq + 1).trim();
      if (!TARGET_NAME.test(name) || url === "") {
        ctx.addIssue({ code: "custom", message: `entry "${shownValue(entry)}" must be name=url, e.g. ${example}` });
      } else if (Object.hasOwn(out, name)) {
        ctx.addIssue({ code: "custom", message: `target "${name}" is listed twice` });
      } else {
        const checked = checkUrl(url, schemes, example, ctx);
        if (checked !== undefined) out[name] = checked;
      }
    }
    return out;
  });
}
