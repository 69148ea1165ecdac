import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import {
  IMAGES_BY_OWNER_INDEX,
  IMAGES_TABLE_TTL_ATTRIBUTE,
  type ImageDeletedEvent,
  type ImageRow,
  parseImageRow,
} from "@imgpipe/core";

export interface RowKey {
  ownerId: string;
  imageId: string;
}

/** Where a page of the owner index ended: the next page starts after it. */
export interface PagePosition {
  imageId: string;
  createdAt: string;
}

/**
 * The API's reads and writes of the images table. Every write is conditional, in the
 * same scheme process-image uses: a row that already exists is never overwritten, and a
 * change names the `rowVersion` it read, so a delete and a processing run cannot both win.
 */
export class ImageTable {
  constructor(
    private readonly dynamo: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  /** Writes a new `pending` row; false when a row with this key exists already. */
  async createPending(row: ImageRow): Promise<boolean> {
    try {
      await this.dynamo.send(
        new PutCommand({
          TableName: this.table,
          Item: row,
          ConditionExpression: "attribute_not_exists(imageId)",
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /** One row, read strongly consistent. */
  async get(key: RowKey): Promise<ImageRow | undefined> {
    const { Item } = await this.dynamo.send(
      new GetCommand({ TableName: this.table, Key: key, ConsistentRead: true }),
    );
    return Item && parseImageRow(Item);
  }

  /** A page of an owner's images, newest first, from the owner index. */
  async listNewestFirst(
    ownerId: string,
    limit: number,
    after: PagePosition | undefined,
  ): Promise<{ rows: ImageRow[]; last: PagePosition | undefined }> {
    const page = await this.dynamo.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: IMAGES_BY_OWNER_INDEX.name,
        KeyConditionExpression: "#owner = :owner",
        ExpressionAttributeNames: { "#owner": IMAGES_BY_OWNER_INDEX.partition },
        ExpressionAttributeValues: { ":owner": ownerId },
        ScanIndexForward: false,
        Limit: limit,
        ...(after && { ExclusiveStartKey: { ownerId, ...after } }),
      }),
    );
    const rows = (page.Items ?? []).map(parseImageRow);
    const lastKey = page.LastEvaluatedKey;
    const last =
      lastKey && typeof lastKey.imageId === "string" && typeof lastKey.createdAt === "string"
        ? { imageId: lastKey.imageId, createdAt: lastKey.createdAt }
        : undefined;
    return { rows, last };
  }

  /**
   * Turns the row into a tombstone: status `deleted`, out of the owner index (no
   * `createdAt`), expiring after `expiresAt`, with the `image.deleted` event to publish.
   * Returns the tombstone's version, or undefined when the row changed since `read`.
   */
  async tombstone(
    read: ImageRow,
    event: ImageDeletedEvent,
    expiresAt: number,
  ): Promise<number | undefined> {
    const version = (read.rowVersion ?? 0) + 1;
    try {
      await this.dynamo.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { ownerId: read.ownerId, imageId: read.imageId },
          UpdateExpression:
            "SET #status = :deleted, #updatedAt = :now, #ttl = :ttl, #pendingEvent = :event, #rowVersion = :version, #leaseUntil = :zero REMOVE #createdAt, #variants",
          ConditionExpression:
            read.rowVersion === undefined
              ? "attribute_exists(#imageId) AND attribute_not_exists(#rowVersion)"
              : "#rowVersion = :read",
          ExpressionAttributeNames: {
            "#status": "status",
            "#updatedAt": "updatedAt",
            "#ttl": IMAGES_TABLE_TTL_ATTRIBUTE,
            "#pendingEvent": "pendingEvent",
            "#rowVersion": "rowVersion",
            "#leaseUntil": "leaseUntil",
            "#createdAt": "createdAt",
            "#variants": "variants",
            ...(read.rowVersion === undefined && { "#imageId": "imageId" }),
          },
          ExpressionAttributeValues: {
            ":deleted": "deleted",
            ":now": event.time,
            ":ttl": expiresAt,
            ":event": JSON.stringify(event),
            ":version": version,
            ":zero": 0,
            ...(read.rowVersion !== undefined && { ":read": read.rowVersion }),
          },
        }),
      );
      return version;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
  }

  /** The tombstone's event went out: forget it (unless something changed the row since). */
  async settleTombstone(key: RowKey, version: number): Promise<void> {
    try {
      await this.dynamo.send(
        new UpdateCommand({
          TableName: this.table,
          Key: key,
          UpdateExpression: "SET #rowVersion = :next REMOVE #pendingEvent",
          ConditionExpression: "#rowVersion = :version",
          ExpressionAttributeNames: {
            "#rowVersion": "rowVersion",
            "#pendingEvent": "pendingEvent",
          },
          ExpressionAttributeValues: { ":version": version, ":next": version + 1 },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
}
