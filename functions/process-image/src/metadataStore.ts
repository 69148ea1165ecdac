import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import {
  IMAGES_TABLE_TTL_ATTRIBUTE,
  type ImageEvent,
  type ImageFailedData,
  type ImageProcessedData,
  type ImageStatus,
  parseImageRow,
} from "@imgpipe/core";
import type { Delivery, DeliveryState } from "./delivery/deliveryDecision.js";

export interface RowKey {
  ownerId: string;
  imageId: string;
}

/** A finished delivery: what the row records and the event that tells subscribers. */
export type Completion =
  | { status: "processed"; data: ImageProcessedData; event: ImageEvent }
  | { status: "failed"; data: ImageFailedData; event: ImageEvent };

/**
 * The images table row that the API and the gallery read, written with conditional
 * updates only: each write names the `rowVersion` it read, so two invocations can never
 * both win, and a newer upload always beats an older one that is still being rendered.
 * Methods that return a version return undefined when the row changed in between.
 */
export class MetadataStore {
  constructor(
    private readonly dynamo: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  /** The delivery state of an image, read strongly consistent. */
  async readState(key: RowKey): Promise<DeliveryState | undefined> {
    const { Item } = await this.dynamo.send(
      new GetCommand({
        TableName: this.table,
        Key: key,
        ConsistentRead: true,
        ProjectionExpression:
          "ownerId, imageId, #order, revision, #status, leaseUntil, pendingEvent, rowVersion, #source.sha256, variants",
        ExpressionAttributeNames: {
          "#order": "sequencer",
          "#status": "status",
          "#source": "source",
        },
      }),
    );
    if (!Item) return undefined;
    // Only the source's hash is read: the rest of the row is what the row schema checks.
    const { source, ...projected } = Item;
    const { sequencer, revision, status, leaseUntil, pendingEvent, rowVersion, variants } =
      parseImageRow(projected);
    const processedSha256 = typeof source?.sha256 === "string" ? source.sha256 : undefined;
    return {
      order: sequencer,
      revision,
      status,
      leaseUntil,
      pendingEvent,
      rowVersion,
      ...(processedSha256 && { processedSha256 }),
      ...(variants && { processedVariantKeys: variants.map((variant) => variant.key) }),
    };
  }

  /** The row's status and the keys of the variants it lists, read strongly consistent. */
  async readVariantKeys(key: RowKey): Promise<{ status?: ImageStatus; keys: string[] }> {
    const { Item } = await this.dynamo.send(
      new GetCommand({
        TableName: this.table,
        Key: key,
        ConsistentRead: true,
        ProjectionExpression: "#status, variants",
        ExpressionAttributeNames: { "#status": "status" },
      }),
    );
    const variants = (Item?.variants ?? []) as { key: string }[];
    return { status: Item?.status as ImageStatus | undefined, keys: variants.map((v) => v.key) };
  }

  /** Takes the row for a delivery about to be processed: status `processing` until `leaseUntil`. */
  claim(
    key: RowKey,
    delivery: Delivery,
    lease: { until: number; at: Date },
    read: DeliveryState | undefined,
  ) {
    return this.update(key, read?.rowVersion, {
      set: {
        status: "processing" satisfies ImageStatus,
        sequencer: delivery.order,
        revision: delivery.revision,
        leaseUntil: lease.until,
        updatedAt: lease.at.toISOString(),
      },
      // The owner index sorts on createdAt, so every row needs one; a pending row's TTL
      // must go once its upload has arrived, or DynamoDB would delete the image later.
      setIfAbsent: { createdAt: lease.at.toISOString() },
      remove: ["pendingEvent", IMAGES_TABLE_TTL_ATTRIBUTE],
    });
  }

  /**
   * Records an upload of the same bytes as the processed original: the row now names
   * this upload as the latest (so older events stay superseded), and nothing else
   * changes, its variants and its `updatedAt` included.
   */
  recordSeen(key: RowKey, delivery: Delivery, at: Date, read: DeliveryState) {
    return this.update(key, read.rowVersion, {
      set: {
        sequencer: delivery.order,
        revision: delivery.revision,
        lastUploadAt: at.toISOString(),
      },
      remove: [],
    });
  }

  /** Takes the row only to publish its pending event; the status stays as it is. */
  claimToPublish(key: RowKey, leaseUntil: number, read: DeliveryState) {
    return this.update(key, read.rowVersion, { set: { leaseUntil }, remove: [] });
  }

  /** Records the outcome and keeps its event as pending until `settle` says it went out. */
  complete(key: RowKey, completion: Completion, claimedVersion: number, at: Date) {
    const { data } = completion;
    const details =
      completion.status === "processed"
        ? { set: { variants: completion.data.variants }, remove: ["failure"] }
        : { set: { failure: completion.data.reason }, remove: ["variants"] };
    return this.update(key, claimedVersion, {
      set: {
        status: completion.status satisfies ImageStatus,
        source: data.source,
        ...details.set,
        pendingEvent: JSON.stringify(completion.event),
        updatedAt: at.toISOString(),
      },
      remove: details.remove,
    });
  }

  /** The pending event was published: drop it and the lease. */
  settle(key: RowKey, version: number) {
    return this.update(key, version, { set: { leaseUntil: 0 }, remove: ["pendingEvent"] });
  }

  /** Gives the lease back after a failure, so that EventBridge's retry finds the row free. */
  release(key: RowKey, version: number) {
    return this.update(key, version, { set: { leaseUntil: 0 }, remove: [] });
  }

  private async update(
    key: RowKey,
    expectedVersion: number | undefined,
    change: {
      set: Record<string, unknown>;
      setIfAbsent?: Record<string, unknown>;
      remove: string[];
    },
  ): Promise<number | undefined> {
    const version = (expectedVersion ?? 0) + 1;
    const fields = { ...change.set, rowVersion: version };
    const keepFields = change.setIfAbsent ?? {};
    const names = Object.fromEntries(
      [...Object.keys(fields), ...Object.keys(keepFields), ...change.remove].map((name) => [
        `#${name}`,
        name,
      ]),
    );
    const values = Object.fromEntries(
      Object.entries({ ...fields, ...keepFields }).map(([n, v]) => [`:${n}`, v]),
    );
    const set = [
      ...Object.keys(fields).map((name) => `#${name} = :${name}`),
      ...Object.keys(keepFields).map((name) => `#${name} = if_not_exists(#${name}, :${name})`),
    ];
    const remove = change.remove.map((name) => `#${name}`);
    try {
      await this.dynamo.send(
        new UpdateCommand({
          TableName: this.table,
          Key: key,
          UpdateExpression: `SET ${set.join(", ")}${remove.length ? ` REMOVE ${remove.join(", ")}` : ""}`,
          ConditionExpression:
            expectedVersion === undefined
              ? "attribute_not_exists(#rowVersion)"
              : "#rowVersion = :expectedVersion",
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: {
            ...values,
            ...(expectedVersion !== undefined && { ":expectedVersion": expectedVersion }),
          },
        }),
      );
      return version;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
  }
}
