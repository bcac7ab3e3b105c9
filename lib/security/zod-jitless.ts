// Imported once in the browser (instrumentation-client.ts) before any schema parses: zod 4 otherwise
// probes for eval with `new Function("")`, which the page CSP (no 'unsafe-eval') reports as a violation.
// Jitless parsing is the same validation without generated code.
import { z } from "zod";

z.config({ jitless: true });
