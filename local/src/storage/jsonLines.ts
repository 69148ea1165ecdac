import { appendFile, mkdir, readFile } from "node:fs/promises";
import { dirname } from "node:path";

/** An append-only log of JSON records, one per line, kept in order of appending. */
export class JsonLines<T> {
  private writing: Promise<void> = Promise.resolve();

  constructor(readonly path: string) {}

  /** Every record so far; a torn last line (a crash mid-append) is left out. */
  async readAll(): Promise<T[]> {
    let text: string;
    try {
      text = await readFile(this.path, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
      throw error;
    }
    return text.split("\n").flatMap((line) => {
      try {
        return line.trim() === "" ? [] : [JSON.parse(line) as T];
      } catch {
        return [];
      }
    });
  }

  append(record: T): Promise<void> {
    const line = `${JSON.stringify(record)}\n`;
    this.writing = this.writing.then(async () => {
      await mkdir(dirname(this.path), { recursive: true });
      await appendFile(this.path, line);
    });
    return this.writing;
  }

  /** Resolves when every append so far is on disk. */
  flushed(): Promise<void> {
    return this.writing;
  }
}
