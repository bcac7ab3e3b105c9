// Turns a symptom as written ("Timeout errors", "timeout-error") into the key that decides which symptoms are one.

/** Whole-phrase synonyms, applied after singularizing: a bare "timeouts" is the guide's "Timeout errors". */
const PHRASE_SYNONYMS: Readonly<Record<string, string>> = {
  timeout: "timeout error",
  "high latency": "increased latency",
};

/** Word-level abbreviations operators write in symptom lists. */
const WORD_SYNONYMS: Readonly<Record<string, string>> = {
  db: "database",
  err: "error",
  perf: "performance",
  mem: "memory",
  conn: "connection",
  cpus: "cpu",
};

/** Simple English plurals only: "errors" → "error", "latencies" → "latency", "indexes" → "index". */
export function singularize(word: string): string {
  if (word.length <= 3) return word;
  if (word.endsWith("ies") && word.length > 4) return `${word.slice(0, -3)}y`;
  if (word.endsWith("sses")) return word.slice(0, -2);
  if (word.endsWith("xes")) return word.slice(0, -2);
  if (/(?:ss|us|is|os)$/.test(word)) return word;
  if (word.endsWith("s")) return word.slice(0, -1);
  return word;
}

/** Lowercase words with punctuation stripped: "Slow-query  execution!" → ["slow", "query", "execution"]. */
export function symptomWords(text: string): string[] {
  return text
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** The merge key: two symptoms are the same entry exactly when their keys are equal. */
export function normalizeSymptom(text: string): string {
  const phrase = symptomWords(text)
    .map(singularize)
    .map((word) => WORD_SYNONYMS[word] ?? word)
    .join(" ");
  return PHRASE_SYNONYMS[phrase] ?? phrase;
}

/** URL id of a symptom label: "Timeout errors" → "timeout-errors". */
export function symptomSlug(label: string): string {
  return symptomWords(label).join("-");
}
