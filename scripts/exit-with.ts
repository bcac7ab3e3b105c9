// Runs a CLI's main and exits with its code; an expected error prints its own message, anything else
// "<what> failed: …", never a stack with secrets in it.
export function exitWith(
  main: () => Promise<number>,
  what: string,
  expected: readonly (new (...args: never[]) => Error)[],
): void {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      const known = expected.some((type) => error instanceof type);
      console.error(
        known && error instanceof Error
          ? error.message
          : `${what} failed: ${error instanceof Error ? error.message : String(error)}`,
      );
      process.exit(1);
    },
  );
}
