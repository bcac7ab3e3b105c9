// Recent commits of the configured repository (the guide's `git log --since`), via execFile without a shell.
import "server-only";
import { execFile } from "node:child_process";
import { childProcessEnv, getConfig } from "../../config";
import { COMMAND_TIMEOUT_MS, errnoOf, notConfigured, TargetError } from "../core/target-error";

export const GIT_MAX_COMMITS = 50;
const GIT_MAX_BUFFER = 1024 * 1024;

/**
 * What `since` may be: "24 hours ago", "3 days ago", "yesterday", "2024-05-01", "2024-05-01T10:00".
 * Anything else is refused before git runs, so no option ("--output=...") can be smuggled in.
 */
export const GIT_SINCE_PATTERN =
  /^(?:\d{1,4} (?:second|minute|hour|day|week|month|year)s? ago|yesterday|today|\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?)?)$/;

export interface GitCommit {
  hash: string;
  author: string;
  /** Strict ISO 8601 author date. */
  date: string;
  subject: string;
}

export interface GitLogResult {
  since: string;
  commits: GitCommit[];
  /** 50 commits came back: there may be more in the window. */
  truncated: boolean;
}

function run(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      "git",
      args,
      {
        shell: false,
        timeout: COMMAND_TIMEOUT_MS,
        maxBuffer: GIT_MAX_BUFFER,
        env: childProcessEnv(),
        encoding: "utf8",
      },
      (error, stdout, stderr) => {
        if (!error) {
          resolve(stdout);
          return;
        }
        const errno = errnoOf(error);
        if (errno === "ENOENT") {
          reject(new TargetError("other", "git", "git is not installed on the dashboard host", errno));
        } else if (error.killed || error.signal === "SIGTERM") {
          reject(new TargetError("timeout", "git", `git log timed out after ${COMMAND_TIMEOUT_MS / 1000} s`));
        } else if (errno === "ERR_CHILD_PROCESS_STDIO_MAXBUFFER") {
          reject(new TargetError("other", "git", "git log printed more than 1 MB", errno));
        } else {
          // git's own first line says what is wrong ("not a git repository", "dubious ownership"...).
          const reason = stderr.trim().split("\n")[0] ?? error.message;
          reject(
            new TargetError("other", "git", `git log failed: ${reason || error.message}`, error.code ?? undefined),
          );
        }
      },
    );
  });
}

/** Parses `%H%x1f%an%x1f%aI%x1f%s` lines. */
export function parseGitLog(stdout: string): GitCommit[] {
  const commits: GitCommit[] = [];
  for (const line of stdout.split("\n")) {
    if (line.trim() === "") continue;
    const [hash, author, date, ...subject] = line.split("\x1f");
    if (!hash || author === undefined || date === undefined) continue;
    commits.push({ hash, author, date, subject: subject.join("\x1f") });
  }
  return commits;
}

/** Commits since `since` (at most 50), newest first. */
export async function gitLog(since: string): Promise<GitLogResult> {
  const repo = getConfig().gitRepoPath;
  if (repo === undefined) throw notConfigured("git", "git");
  const s = since.trim();
  if (!GIT_SINCE_PATTERN.test(s)) {
    throw new TargetError(
      "invalid",
      "git",
      'since must look like "24 hours ago", "3 days ago", "yesterday" or "2024-05-01"',
    );
  }
  const stdout = await run([
    "-C",
    repo,
    "log",
    `--since=${s}`,
    `--max-count=${GIT_MAX_COMMITS}`,
    "--no-color",
    "--pretty=format:%H%x1f%an%x1f%aI%x1f%s",
  ]);
  const commits = parseGitLog(stdout);
  return { since: s, commits, truncated: commits.length >= GIT_MAX_COMMITS };
}
