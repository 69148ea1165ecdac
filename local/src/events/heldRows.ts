import { type DynamoDBDocumentClient, GetCommand, paginateScan } from "@aws-sdk/lib-dynamodb";
import { type ImageRow, KeyLayoutError, parseUploadKey } from "@imgpipe/core";
import type { Logger } from "../logger.js";

/** What says whether an invocation holds a row. */
export type ImageRowHold = Pick<
  ImageRow,
  "ownerId" | "imageId" | "status" | "leaseUntil" | "updatedAt"
>;

/** An image row by its key. */
export interface RowKey {
  ownerId: string;
  imageId: string;
}

/** What to do about a row an invocation held when the local cloud stopped. */
export type HeldRowAction =
  | { action: "redeliver" }
  | { action: "wait"; untilMs: number }
  | { action: "leave"; reason: "not-held" | "event-pending" | "dead-lettered" };

/**
 * Decides about a row found held at start: still `processing`, or still under lease
 * (rendered, its event not yet published). Whatever held it died with the last run, so
 * once its lease has expired its upload is delivered again, unless the bus still owes
 * that upload's event (which will do) or dead-lettered it since the row last changed.
 */
export function heldRowAction(
  row: ImageRowHold,
  nowMs: number,
  bus: { eventPending: boolean; deadLetteredAt: string | undefined },
): HeldRowAction {
  const leaseUntil = row.leaseUntil ?? 0;
  if (row.status !== "processing" && leaseUntil <= 0)
    return { action: "leave", reason: "not-held" };
  if (leaseUntil > nowMs) return { action: "wait", untilMs: leaseUntil };
  if (bus.eventPending) return { action: "leave", reason: "event-pending" };
  if (bus.deadLetteredAt !== undefined && bus.deadLetteredAt >= (row.updatedAt ?? "")) {
    return { action: "leave", reason: "dead-lettered" };
  }
  return { action: "redeliver" };
}

export interface HeldRowsDeps {
  dynamo: DynamoDBDocumentClient;
  imagesTable: string;
  /** Upload keys of the events the bus owes now. */
  pendingUploadKeys(): string[];
  /** Upload keys of the dead-lettered events, with when each was dead-lettered. */
  deadLetters(): { key?: string; at: string }[];
  /** Puts the upload's event on the bus again; resolves to the upload keys found. */
  redeliver(row: RowKey): Promise<string[]>;
  logger: Logger;
}

/** How long after a lease's expiry its row is looked at again. */
const GRACE_MS = 500;

/**
 * Finds, at start, the rows that a crashed run left held, and delivers each upload
 * again once its lease has expired (see {@link heldRowAction}). On AWS the same rows are
 * covered by the rule's retry policy and its dead-letter queue.
 */
export class HeldRows {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly checks = new Set<Promise<void>>();
  private stopped = false;

  constructor(private readonly deps: HeldRowsDeps) {}

  /** Scans the table and starts watching the rows held; resolves to how many there are. */
  async start(): Promise<number> {
    const rows: ImageRowHold[] = [];
    const pages = paginateScan(
      { client: this.deps.dynamo },
      {
        TableName: this.deps.imagesTable,
        ConsistentRead: true,
        FilterExpression: "#status = :processing OR #leaseUntil > :free",
        ProjectionExpression: "ownerId, imageId, #status, #leaseUntil, updatedAt",
        ExpressionAttributeNames: { "#status": "status", "#leaseUntil": "leaseUntil" },
        ExpressionAttributeValues: { ":processing": "processing", ":free": 0 },
      },
    );
    for await (const page of pages) rows.push(...((page.Items ?? []) as ImageRowHold[]));
    for (const row of rows) this.consider(row);
    return rows.length;
  }

  /** Stops watching; resolves once a check under way is over. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await Promise.allSettled([...this.checks]);
  }

  private consider(row: ImageRowHold): void {
    this.track(row, this.act(row));
  }

  private track(row: RowKey, work: Promise<void>): void {
    const check = work.catch((error: unknown) => {
      this.deps.logger.error({ ...keyOf(row), err: error }, "could not deliver a held row again");
    });
    this.checks.add(check);
    void check.finally(() => this.checks.delete(check));
  }

  private async act(row: ImageRowHold): Promise<void> {
    const decision = heldRowAction(row, Date.now(), {
      eventPending: this.deps.pendingUploadKeys().some((key) => sameUpload(key, row)),
      deadLetteredAt: this.deps
        .deadLetters()
        .filter((letter) => letter.key !== undefined && sameUpload(letter.key, row))
        .at(-1)?.at,
    });
    if (decision.action === "leave" || this.stopped) return;
    if (decision.action === "wait") {
      const timer = setTimeout(
        () => {
          this.timers.delete(timer);
          this.track(row, this.reread(row));
        },
        decision.untilMs - Date.now() + GRACE_MS,
      );
      this.timers.add(timer);
      return;
    }
    const keys = await this.deps.redeliver(keyOf(row));
    this.deps.logger.info(
      { ...keyOf(row), keys },
      keys.length > 0
        ? "a crashed run left this image held; delivered its upload again"
        : "a crashed run left this image held, and its upload is gone",
    );
  }

  private async reread(row: ImageRowHold): Promise<void> {
    const { Item } = await this.deps.dynamo.send(
      new GetCommand({ TableName: this.deps.imagesTable, Key: keyOf(row), ConsistentRead: true }),
    );
    if (Item) this.consider(Item as ImageRowHold);
  }
}

function keyOf(row: RowKey): RowKey {
  return { ownerId: row.ownerId, imageId: row.imageId };
}

function sameUpload(key: string, row: RowKey): boolean {
  try {
    const upload = parseUploadKey(key);
    return upload.ownerId === row.ownerId && upload.imageId === row.imageId;
  } catch (error) {
    if (error instanceof KeyLayoutError) return false;
    throw error;
  }
}
