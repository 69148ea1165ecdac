import { readFile } from "node:fs/promises";
import { AppendOnlyFile } from "./appendOnlyFile.js";

/** A delivery still owed: written before it was dispatched, not yet marked done. */
export interface Owed<T> {
  id: string;
  /** When it was first written (ISO 8601). */
  at: string;
  item: T;
}

/** What became of a delivery: `delivered`, `dead-lettered`, or why it was dropped. */
export type Outcome = string;

type Entry<T> =
  | { owed: string; at: string; item: T }
  | { done: string; at: string; outcome: Outcome };

/** Outcomes appended before the file is rewritten with only what is still owed. */
const COMPACT_AFTER = 1000;

/**
 * An append-only journal of deliveries owed, one JSON line each. A delivery is written
 * and synced before it is dispatched, and marked done once its outcome is known; what is
 * not done when the process stops (Ctrl-C, `kill -9`, a crash) is still owed when the
 * journal is opened again, in the order it was written. Opening rewrites the file with
 * only those, so it stays small.
 *
 * @example
 * const journal = await DeliveryJournal.open<MyItem>(".imgpipe/eventbridge/journal.jsonl");
 * for (const { id, item } of journal.leftOver) dispatch(id, item);
 * await journal.owe(id, item); // then dispatch; when it is over:
 * await journal.settle(id, "delivered");
 */
export class DeliveryJournal<T> {
  private readonly owed = new Map<string, Owed<T>>();
  private outcomesSinceRewrite = 0;

  private constructor(
    private readonly file: AppendOnlyFile,
    /** What was owed when the journal was opened: the deliveries to resume. */
    readonly leftOver: readonly Owed<T>[],
  ) {
    for (const entry of leftOver) this.owed.set(entry.id, entry);
  }

  static async open<T>(path: string): Promise<DeliveryJournal<T>> {
    const leftOver = stillOwed(await readEntries<T>(path));
    const file = await AppendOnlyFile.replace(path, leftOver.map(owedLine).join(""));
    return new DeliveryJournal(file, leftOver);
  }

  /** Records that `item` is owed; resolves once that is on disk, when it may be dispatched. */
  owe(id: string, item: T): Promise<void> {
    const owed = { id, at: new Date().toISOString(), item };
    this.owed.set(id, owed);
    return this.file.append(owedLine(owed));
  }

  /** Records the outcome: the delivery is no longer owed. */
  settle(id: string, outcome: Outcome): Promise<void> {
    if (!this.owed.delete(id)) return Promise.resolve();
    const done: Entry<T> = { done: id, at: new Date().toISOString(), outcome };
    const written = this.file.append(`${JSON.stringify(done)}\n`);
    if (++this.outcomesSinceRewrite >= COMPACT_AFTER) {
      this.outcomesSinceRewrite = 0;
      void this.file.rewrite(() => this.pending().map(owedLine).join(""));
    }
    return written;
  }

  /** Every delivery owed now, oldest first. */
  pending(): Owed<T>[] {
    return [...this.owed.values()];
  }

  close(): Promise<void> {
    return this.file.close();
  }
}

function owedLine<T>({ id, at, item }: Owed<T>): string {
  const entry: Entry<T> = { owed: id, at, item };
  return `${JSON.stringify(entry)}\n`;
}

/** The entries of a journal file; a torn last line (a crash mid-write) is left out. */
async function readEntries<T>(path: string): Promise<Entry<T>[]> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  return text.split("\n").flatMap((line) => {
    try {
      return line.trim() === "" ? [] : [JSON.parse(line) as Entry<T>];
    } catch {
      return [];
    }
  });
}

/** The owed entries without a done entry, in the order they were first written. */
function stillOwed<T>(entries: readonly Entry<T>[]): Owed<T>[] {
  const owed = new Map<string, Owed<T>>();
  for (const entry of entries) {
    if ("owed" in entry) {
      if (!owed.has(entry.owed))
        owed.set(entry.owed, { id: entry.owed, at: entry.at, item: entry.item });
    } else owed.delete(entry.done);
  }
  return [...owed.values()];
}
