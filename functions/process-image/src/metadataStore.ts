import { type DynamoDBDocumentClient, PutCommand } from "@aws-sdk/lib-dynamodb";
import type { ImageFailedData, ImageProcessedData } from "@imgpipe/core";

export type ImageStatus = "pending" | "processed" | "failed";

/** Writes the images table row that the API and the gallery read. */
export class MetadataStore {
  constructor(
    private readonly dynamo: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async recordProcessed(data: ImageProcessedData, at: Date): Promise<void> {
    await this.put({
      ownerId: data.ownerId,
      imageId: data.imageId,
      status: "processed" satisfies ImageStatus,
      source: data.source,
      variants: data.variants,
      updatedAt: at.toISOString(),
    });
  }

  async recordFailed(data: ImageFailedData, at: Date): Promise<void> {
    await this.put({
      ownerId: data.ownerId,
      imageId: data.imageId,
      status: "failed" satisfies ImageStatus,
      source: data.source,
      failure: data.reason,
      updatedAt: at.toISOString(),
    });
  }

  private async put(item: Record<string, unknown>): Promise<void> {
    await this.dynamo.send(new PutCommand({ TableName: this.table, Item: item }));
  }
}
