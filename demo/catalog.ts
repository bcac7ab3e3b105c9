// The demo's fixed world: agents, users and questions shared by the seed, the API and the traffic generator.

export interface AgentSeed {
  _id: string;
  name: string;
  model: string;
  /** Canned knowledge the answer is built from, so a query needs a real Mongo read. */
  knowledge: string[];
}

export const AGENTS: readonly AgentSeed[] = [
  {
    _id: "support-bot",
    name: "Support bot",
    model: "demo-small",
    knowledge: ["Reset a password from Settings > Security.", "Refunds take 5-7 business days."],
  },
  {
    _id: "billing-assistant",
    name: "Billing assistant",
    model: "demo-medium",
    knowledge: ["Invoices are issued on the 1st.", "Plans can be changed at any time; the difference is prorated."],
  },
  {
    _id: "onboarding-guide",
    name: "Onboarding guide",
    model: "demo-small",
    knowledge: ["Invite teammates from the Members page.", "API keys live under Settings > API."],
  },
  {
    _id: "sales-agent",
    name: "Sales agent",
    model: "demo-large",
    knowledge: ["Enterprise plans include SSO.", "Volume discounts start at 50 seats."],
  },
  {
    _id: "docs-search",
    name: "Docs search",
    model: "demo-medium",
    knowledge: ["Rate limits are 100 requests per minute per user.", "Webhooks retry for 24 hours."],
  },
];

export const AGENT_IDS: readonly string[] = AGENTS.map((a) => a._id);

/** Regular users; u-stuck is the one the stuck-rate-limit fault blocks. */
export const USERS: readonly string[] = [...Array.from({ length: 20 }, (_, i) => `u-${i + 1}`), "u-stuck"];

/** A few repeated questions, so the cache normally answers > 90 % of requests. */
export const QUERIES: readonly string[] = [
  "how do I reset my password",
  "when is my invoice issued",
  "how do I invite a teammate",
  "what is the rate limit",
  "do you support SSO",
  "how long do refunds take",
  "where are my API keys",
  "can I change my plan",
  "do webhooks retry",
  "is there a volume discount",
];

/** Events are owned by customers c-0..c-99; a user maps to one so slow-query has a filter to run. */
export const CUSTOMER_COUNT = 100;

export function customerOf(user: string): string {
  const n = /^u-(\d+)$/.exec(user)?.[1];
  return `c-${n === undefined ? 0 : Number(n) % CUSTOMER_COUNT}`;
}

/** The slow-query fault's collection and unindexed field; the dashboard's explain step uses the same pair. */
export const EVENTS_COLLECTION = "events";
export const SLOW_QUERY_FIELD = "customer_id";
