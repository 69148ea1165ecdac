import { appendFile, readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DeliveryJournal } from "../../src/journal/deliveryJournal.js";
import { tempDir } from "../support/tempDir.js";

describe("DeliveryJournal", () => {
  let data: Awaited<ReturnType<typeof tempDir>>;
  beforeAll(async () => {
    data = await tempDir("journal");
  });
  afterAll(() => data.remove());

  it("owes, after a reopen, what was written and not marked done, in the order written", async () => {
    const path = join(data.path, "order", "journal.jsonl");
    const journal = await DeliveryJournal.open<{ n: number }>(path);
    await Promise.all([1, 2, 3, 4].map((n) => journal.owe(`d-${n}`, { n })));
    await journal.settle("d-2", "delivered");
    await journal.settle("d-4", "dead-lettered");
    await journal.close();

    const reopened = await DeliveryJournal.open<{ n: number }>(path);

    expect(reopened.leftOver.map((o) => [o.id, o.item.n])).toEqual([
      ["d-1", 1],
      ["d-3", 3],
    ]);
    expect(reopened.pending()).toEqual(reopened.leftOver);
    await reopened.close();
  });

  it("has each delivery on disk once owe resolves, with no close (as after kill -9)", async () => {
    const path = join(data.path, "crash", "journal.jsonl");
    const journal = await DeliveryJournal.open<string>(path);

    await journal.owe("d-1", "first");

    expect(await readFile(path, "utf8")).toContain('"owed":"d-1"');
    const reopened = await DeliveryJournal.open<string>(path);
    expect(reopened.leftOver.map((o) => o.item)).toEqual(["first"]);
    await reopened.close();
    await journal.close();
  });

  it("skips a line torn by a crash mid-write and keeps the rest", async () => {
    const path = join(data.path, "torn", "journal.jsonl");
    const journal = await DeliveryJournal.open<string>(path);
    await journal.owe("d-1", "kept");
    await journal.close();
    await appendFile(path, '{"owed":"d-2","at":"2026-12-01T00:00:00.000Z","ite');

    const reopened = await DeliveryJournal.open<string>(path);

    expect(reopened.leftOver.map((o) => o.id)).toEqual(["d-1"]);
    await reopened.owe("d-3", "after the tear");
    await reopened.close();
    const again = await DeliveryJournal.open<string>(path);
    expect(again.leftOver.map((o) => o.id)).toEqual(["d-1", "d-3"]);
    await again.close();
  });

  it("rewrites the file at open with only what is still owed", async () => {
    const path = join(data.path, "compact", "journal.jsonl");
    const journal = await DeliveryJournal.open<string>(path);
    for (let n = 0; n < 50; n++) await journal.owe(`d-${n}`, "x");
    for (let n = 1; n < 50; n++) await journal.settle(`d-${n}`, "delivered");
    await journal.close();

    const reopened = await DeliveryJournal.open<string>(path);

    const lines = (await readFile(path, "utf8")).trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? "")).toMatchObject({ owed: "d-0", item: "x" });
    await reopened.close();
  });

  it("keeps the file small on a long run: rewritten with only what is owed after many outcomes", async () => {
    const path = join(data.path, "long-run", "journal.jsonl");
    const journal = await DeliveryJournal.open<number>(path);
    const ids = Array.from({ length: 1200 }, (_, n) => `d-${n}`);
    await Promise.all(ids.map((id, n) => journal.owe(id, n)));

    await Promise.all(ids.slice(1).map((id) => journal.settle(id, "delivered")));
    await journal.owe("d-last", -1);
    await journal.close();

    const lines = (await readFile(path, "utf8")).trim().split("\n");
    expect(lines.length).toBeLessThan(250);
    const reopened = await DeliveryJournal.open<number>(path);
    expect(reopened.leftOver.map((o) => o.id)).toEqual(["d-0", "d-last"]);
    await reopened.close();
  });
});
