// Runs in the browser before the app hydrates (Next.js client instrumentation).
// zod must be jitless before any schema parses, or its eval probe trips the page's CSP.
import "@/lib/security/zod-jitless";
