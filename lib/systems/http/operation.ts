// A GET of a configured HTTP target (the guide's curl lines).
import type { HttpTarget } from "../../http/target-get";

export interface HttpOperation {
  kind: "http";
  target: HttpTarget;
  /** Path under the target, always starting with "/" ("/" for the target itself). */
  path: string;
  grep?: string;
  /** `grep -i`: match the grep pattern case-insensitively. */
  grepIgnoreCase?: boolean;
  /** curl -w "%{time_total}": the timing is the point. */
  timing: boolean;
}
