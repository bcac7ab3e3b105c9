// A Prometheus API reply's JSON, or the error that says why there is none (cut off, not JSON).
import type { HttpResult } from "../../http/target-get";
import { TargetError } from "../core/target-error";

/** `what` names the reply for the operator: "the target list", "the query reply". */
export function prometheusJson(res: HttpResult, what: string): unknown {
  if (res.truncated) {
    throw new TargetError("other", "prometheus", `${what} from ${res.url} is larger than the ${res.note ?? "cap"}`);
  }
  try {
    return JSON.parse(res.body);
  } catch {
    throw new TargetError(
      "other",
      "prometheus",
      `${res.url} answered HTTP ${res.status} with a body that is not JSON — is PROMETHEUS_URL the Prometheus server?`,
    );
  }
}
