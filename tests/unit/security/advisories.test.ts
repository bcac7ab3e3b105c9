// The installed next and react builds are at or above the fix of every known server-action, middleware
// and React Server Components advisory. A downgrade (or a lockfile that pins an old build) fails here.
import { readFileSync } from "node:fs";
import path from "node:path";
import semver from "semver";
import { describe, expect, it } from "vitest";

interface Advisory {
  ids: string;
  what: string;
  /** The first fixed version of each release line, as the advisory or the vendor's bulletin lists them. */
  fixedIn: readonly string[];
  source: string;
}

// Next.js advisories.
const NEXT_ADVISORIES: readonly Advisory[] = [
  {
    ids: "CVE-2025-29927 / GHSA-f82v-jwr5-mffw",
    what: "x-middleware-subrequest lets a request skip middleware",
    fixedIn: ["12.3.5", "13.5.9", "14.2.25", "15.2.3"],
    source: "https://github.com/vercel/next.js/security/advisories/GHSA-f82v-jwr5-mffw",
  },
  {
    ids: "CVE-2025-66478 (Next.js counterpart of CVE-2025-55182)",
    what: "React Server Components: remote code execution through a crafted Flight payload",
    fixedIn: ["15.0.5", "15.1.9", "15.2.6", "15.3.6", "15.4.8", "15.5.7", "16.0.7"],
    source: "https://nextjs.org/blog/CVE-2025-66478",
  },
  {
    ids: "CVE-2025-55183 / CVE-2025-55184 / CVE-2025-67779 (GHSA-w37m-7fhw-fmv9, GHSA-mwv6-3258-q52c, GHSA-5j59-xgg2-r9c4)",
    what: "Server Action source exposure and RSC denial of service (67779 completes the 55184 fix)",
    fixedIn: ["14.2.35", "15.1.11", "15.4.10", "15.5.9", "16.0.10"],
    source: "https://nextjs.org/blog/security-update-2025-12-11",
  },
  {
    ids: "CVE-2026-27978 / GHSA-mq59-m269-xvcx",
    what: "Origin: null bypasses the Server Actions CSRF check",
    fixedIn: ["16.1.7"],
    source: "https://github.com/vercel/next.js/security/advisories/GHSA-mq59-m269-xvcx",
  },
  {
    ids: "CVE-2026-45109 / GHSA-26hh-7cqf-hhc6",
    what: "the CVE-2026-44575 middleware fix did not apply to middleware built with Turbopack",
    fixedIn: ["15.5.18", "16.2.6"],
    source: "https://github.com/advisories/GHSA-26hh-7cqf-hhc6",
  },
];

// React Server Components advisories: the bug lives in react-server-dom-*, released in lockstep with react.
const REACT_ADVISORIES: readonly Advisory[] = [
  {
    ids: "CVE-2025-55182",
    what: "React Server Components: unauthenticated remote code execution",
    fixedIn: ["19.0.1", "19.1.2", "19.2.1"],
    source: "https://react.dev/blog/2025/12/03/critical-security-vulnerability-in-react-server-components",
  },
  {
    ids: "CVE-2025-55183 / CVE-2025-55184 / CVE-2025-67779",
    what: "source code exposure and denial of service; 19.0.2/19.1.3/19.2.2 were incomplete",
    fixedIn: ["19.0.3", "19.1.4", "19.2.3"],
    source: "https://react.dev/blog/2025/12/11/denial-of-service-and-source-code-exposure-in-react-server-components",
  },
];

/**
 * Patched when the release line (major.minor) has a fix at or below the installed version, or when the
 * installed version is newer than every fix (a later line branched after the fix). An older line with
 * no listed fix is not patched.
 */
function isPatched(installed: string, fixedIn: readonly string[]): boolean {
  const version = semver.parse(installed);
  if (!version) throw new Error(`not a version: ${installed}`);
  // Compare a prerelease (Next's vendored "19.3.0-canary-…") by its release numbers.
  const release = `${version.major}.${version.minor}.${version.patch}`;
  const sameLine = fixedIn.filter((f) => semver.major(f) === version.major && semver.minor(f) === version.minor);
  if (sameLine.some((f) => semver.gte(release, f))) return true;
  const newest = semver.maxSatisfying([...fixedIn], "*");
  return newest !== null && semver.gt(release, newest) && sameLine.length === 0;
}

const root = path.resolve(__dirname, "../../..");

function installedVersion(pkg: string): string | undefined {
  try {
    const json = JSON.parse(readFileSync(path.join(root, "node_modules", pkg, "package.json"), "utf8")) as {
      version?: string;
    };
    return json.version;
  } catch {
    return undefined;
  }
}

/** The React build Next bundles for the App Router (its react-server-dom-* come from the same build). */
function vendoredReactVersion(): string {
  const file = path.join(root, "node_modules/next/dist/compiled/react/cjs/react.production.js");
  const match = /exports\.version\s*=\s*"([^"]+)"/.exec(readFileSync(file, "utf8"));
  if (!match?.[1]) throw new Error(`no version string in ${file}`);
  return match[1];
}

describe("isPatched", () => {
  const fixes = ["14.2.25", "15.2.3"];
  it.each([
    ["15.2.3", true],
    ["15.2.2", false],
    ["15.1.7", false],
    ["14.2.25", true],
    ["14.2.24", false],
    ["15.3.0", true],
    ["16.0.0", true],
    ["13.5.6", false],
  ])("%s against fixes %j → %s", (installed, expected) => {
    expect(isPatched(installed, fixes)).toBe(expected);
  });
});

describe("installed versions are at or above every advisory's fix", () => {
  const next = installedVersion("next");
  it("next is installed", () => {
    expect(next).toMatch(/^\d+\.\d+\.\d+/);
  });
  it.each(NEXT_ADVISORIES.map((a) => [a.ids, a] as const))("next — %s", (_ids, advisory) => {
    expect(isPatched(next ?? "0.0.0", advisory.fixedIn), `next ${next}: ${advisory.what} (${advisory.source})`).toBe(
      true,
    );
  });

  const reactBuilds: [string, string][] = [];
  for (const pkg of [
    "react",
    "react-dom",
    "react-server-dom-webpack",
    "react-server-dom-turbopack",
    "react-server-dom-parcel",
  ]) {
    const version = installedVersion(pkg);
    if (version !== undefined) reactBuilds.push([pkg, version]);
  }
  reactBuilds.push(["next's bundled react (App Router, react-server-dom-*)", vendoredReactVersion()]);

  it("finds react, react-dom and the React build bundled in next", () => {
    expect(reactBuilds.map(([pkg]) => pkg)).toEqual(expect.arrayContaining(["react", "react-dom"]));
    expect(reactBuilds.length).toBeGreaterThanOrEqual(3);
  });
  for (const advisory of REACT_ADVISORIES) {
    it.each(reactBuilds)(`%s %s — ${advisory.ids}`, (pkg, version) => {
      expect(isPatched(version, advisory.fixedIn), `${pkg} ${version}: ${advisory.what} (${advisory.source})`).toBe(
        true,
      );
    });
  }
});
