import { type FileHandle, mkdir, open, rename } from "node:fs/promises";
import { dirname } from "node:path";

/**
 * A file that only grows, written to disk (fdatasync) before an append resolves. Lines
 * appended while a write is under way go out together in the next write, so a burst
 * costs a few syncs rather than one per line.
 */
export class AppendOnlyFile {
  private next: { text: string[]; written: Promise<void> } | undefined;
  private tail: Promise<void> = Promise.resolve();

  private constructor(
    readonly path: string,
    private handle: FileHandle,
  ) {}

  /** Opens the file for appending, first replacing its content with `text`. */
  static async replace(path: string, text: string): Promise<AppendOnlyFile> {
    await mkdir(dirname(path), { recursive: true });
    return new AppendOnlyFile(path, await writeThenSwap(path, text));
  }

  /** Resolves once `text` is on disk. */
  append(text: string): Promise<void> {
    if (!this.next) {
      const batch: string[] = [];
      const written = this.tail.then(async () => {
        this.next = undefined;
        await this.handle.write(batch.join(""));
        await this.handle.datasync();
      });
      this.next = { text: batch, written };
      this.tail = written.catch(() => undefined);
    }
    this.next.text.push(text);
    return this.next.written;
  }

  /** Swaps the file for one holding only `text`, in turn with the appends. */
  rewrite(text: () => string): Promise<void> {
    const swapped = this.tail.then(async () => {
      const handle = await writeThenSwap(this.path, text());
      await this.handle.close();
      this.handle = handle;
    });
    this.tail = swapped.catch(() => undefined);
    return swapped;
  }

  /** Waits for the writes so far, then closes the file. */
  async close(): Promise<void> {
    await this.tail;
    await this.handle.close();
  }
}

/** Writes a temporary file, syncs it and renames it over `path`: a crash leaves one or the other. */
async function writeThenSwap(path: string, text: string): Promise<FileHandle> {
  const temporary = `${path}.${process.pid}.tmp`;
  const handle = await open(temporary, "w");
  try {
    await handle.write(text);
    await handle.datasync();
  } finally {
    await handle.close();
  }
  await rename(temporary, path);
  return open(path, "a");
}
