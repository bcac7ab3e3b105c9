// Loads fixture documents from tests/fixtures for the analyzer tests.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parsePrometheusText } from "../../../lib/systems/prometheus/exposition";
import type { MetricsScrape } from "../../../lib/systems/prometheus/metric-scrape";
import type { Checked } from "../../../lib/verdict/check-input";

const root = fileURLToPath(new URL("../../fixtures/", import.meta.url));

export function fixtureText(path: string): string {
  return readFileSync(`${root}${path}`, "utf8");
}

export function fixtureJson(path: string): unknown {
  return JSON.parse(fixtureText(path));
}

/** The first scrape of the app fixture, taken at T0. */
export const T0 = Date.parse("2024-11-28T17:40:00Z");

export function scrape(path: string, at: number): MetricsScrape {
  return { families: parsePrometheusText(fixtureText(path)), at };
}

export function scrapeText(text: string, at = T0): MetricsScrape {
  return { families: parsePrometheusText(text), at };
}

/** Replaces one `field:value` line of an INFO fixture (adds it when absent). */
export function withInfoField(text: string, field: string, value: string): string {
  const re = new RegExp(`^${field}:.*$`, "m");
  return re.test(text) ? text.replace(re, `${field}:${value}`) : `${text}\n${field}:${value}`;
}

/** The typed value of a reader's result; fails the test with the reader's verdict when it refused the reply. */
export function readOk<T>(checked: Checked<T>): T {
  if (!checked.ok)
    throw new Error(`reader refused the fixture: ${checked.verdict.headline}: ${checked.verdict.detail}`);
  return checked.value;
}
