import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from "@aws-sdk/client-s3";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { type ImageEvent, type PipelineConfig, uploadKey } from "@imgpipe/core";
import type { LocalCloud } from "../../src/localCloud.js";
import { localClients } from "./localClients.js";
import { startTestCloud } from "./testCloud.js";
import { startWebhookReceiver } from "./webhookReceiver.js";

/**
 * The local cloud on free ports with a webhook receiver subscribed, and the calls a
 * test makes against it through the real AWS SDK clients.
 */
export async function startPipelineHarness(config: PipelineConfig, owner = "alice") {
  const receiver = await startWebhookReceiver();
  const dataDir = await mkdtemp(join(tmpdir(), "imgpipe-harness-"));
  const cloud: LocalCloud = await startTestCloud({
    config: { ...config, webhooks: [{ url: receiver.url }] },
    dataDir,
  });
  const clients = localClients(cloud, config.region);
  return {
    cloud,
    clients,
    receiver,
    /** Puts an upload as a browser would; resolves to its key and ETag (no quotes). */
    async upload(
      imageId: string,
      fileName: string,
      body: Buffer,
      options: { bucket?: string; contentType?: string } = {},
    ) {
      const key = uploadKey({ ownerId: owner, imageId, fileName });
      const { ETag } = await clients.s3.send(
        new PutObjectCommand({
          Bucket: options.bucket ?? cloud.resources.uploadsBucket,
          Key: key,
          Body: body,
          ContentType: options.contentType,
        }),
      );
      return { key, etag: (ETag ?? "").replaceAll('"', "") };
    },
    async row(imageId: string) {
      const { Item } = await clients.dynamo.send(
        new GetCommand({
          TableName: cloud.resources.imagesTable,
          Key: { ownerId: owner, imageId },
        }),
      );
      return Item;
    },
    async processedKeys(imageId: string): Promise<string[]> {
      const { Contents = [] } = await clients.s3.send(
        new ListObjectsV2Command({
          Bucket: cloud.resources.processedBucket,
          Prefix: `images/${owner}/${imageId}/`,
        }),
      );
      return Contents.map((c) => c.Key ?? "").sort();
    },
    /** The bytes of a stored variant. */
    async variant(key: string): Promise<Buffer> {
      const object = await clients.s3.send(
        new GetObjectCommand({ Bucket: cloud.resources.processedBucket, Key: key }),
      );
      return Buffer.from((await object.Body?.transformToByteArray()) ?? []);
    },
    /** The image events the webhook received for an image, in arrival order. */
    eventsFor(imageId: string): ImageEvent[] {
      return receiver.messages().filter((m: ImageEvent) => m.data.imageId === imageId);
    },
    async stop() {
      await cloud.stop();
      await receiver.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export type PipelineHarness = Awaited<ReturnType<typeof startPipelineHarness>>;
