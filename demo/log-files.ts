// Appends timestamped lines to application.log and error.log, rotating each at a size cap.
import fs from "node:fs";
import path from "node:path";

export type LogLevel = "INFO" | "WARN" | "ERROR";

/** A log file kept under `maxBytes` by renaming it to `<name>.1` (one old generation kept). */
class RotatingFile {
  private stream: fs.WriteStream;
  private bytes: number;

  constructor(
    private readonly file: string,
    private readonly maxBytes: number,
  ) {
    this.bytes = fs.existsSync(file) ? fs.statSync(file).size : 0;
    this.stream = fs.createWriteStream(file, { flags: "a" });
  }

  write(line: string): void {
    if (this.bytes + line.length > this.maxBytes) this.rotate();
    this.bytes += Buffer.byteLength(line);
    this.stream.write(line);
  }

  private rotate(): void {
    // The old stream flushes what it has buffered into the renamed file before it closes.
    this.stream.end();
    try {
      fs.renameSync(this.file, `${this.file}.1`);
    } catch {
      // Another process removed it: starting a fresh file is still right.
    }
    this.stream = fs.createWriteStream(this.file, { flags: "a" });
    this.bytes = 0;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.stream.end(resolve));
  }
}

export interface DemoLogger {
  /** One line to application.log; WARN and ERROR lines also go to error.log. */
  log(level: LogLevel, message: string): void;
  close(): Promise<void>;
  readonly applicationLog: string;
  readonly errorLog: string;
}

/** 20 req/s of one-line entries reaches 5 MB in about half an hour; two generations bound the disk. */
const MAX_BYTES = 5 * 1024 * 1024;

export function createLogger(dir: string, maxBytes = MAX_BYTES): DemoLogger {
  fs.mkdirSync(dir, { recursive: true });
  const applicationLog = path.join(dir, "application.log");
  const errorLog = path.join(dir, "error.log");
  const app = new RotatingFile(applicationLog, maxBytes);
  const err = new RotatingFile(errorLog, maxBytes);
  return {
    applicationLog,
    errorLog,
    log(level, message) {
      // One physical line per entry, so `tail` and the dashboard never see a half record.
      const line = `${new Date().toISOString()} ${level.padEnd(5)} ${message.replace(/[\r\n]+/g, " ")}\n`;
      app.write(line);
      if (level !== "INFO") err.write(line);
    },
    async close() {
      await Promise.all([app.close(), err.close()]);
    },
  };
}
