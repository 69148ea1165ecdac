// The imgpipe contender: the local cloud in its own process, as ipx runs in its own, so
// that neither server shares an event loop with the load generator. With photo paths it
// uploads them and waits until each is processed. Prints one line of JSON (CloudReady).
// Arguments: the data folder, `render`, `render-originals` (stored renditions off; the
// second never renders from a stored variant) or `store` (stored renditions on), the
// transform's sandboxes, then the photos to upload.
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { parsePipelineConfig, revisionOf, uploadKey } from "@imgpipe/core";
import {
  FREE_PORTS,
  type LocalCloud,
  loadOrCreateSigningKey,
  localDynamoClient,
  localS3Client,
  startLocalCloud,
} from "@imgpipe/local";
import { pino } from "pino";
import { progress } from "../system.js";
import { IPX_EFFORT } from "./transformBench.js";

/** Whose uploads the corpus is. */
const OWNER = "bench";

export interface CloudPhoto {
  ownerId: string;
  imageId: string;
  /** The upload's key in the uploads bucket: what ipx reads. */
  key: string;
  /** The processed original's revision: what a pinned transform URL names. */
  revision: string;
}

/** What the cloud process prints once it answers. */
export interface CloudReady {
  cdn: string;
  s3: string;
  uploadsBucket: string;
  signingKey: string;
  photos: CloudPhoto[];
}

async function main([dataDir = "", mode = "render", sandboxes = "2", ...photos]: string[]) {
  const config = parsePipelineConfig(
    {
      environment: "bench",
      // ipx's encoder effort, so that both servers do the same work.
      transform: {
        storeRenditions: mode === "store",
        renderFromVariants: mode !== "render-originals",
        effort: IPX_EFFORT,
      },
      // ipx has no timeout: a loaded machine may take longer than Lambda's 30 s over an AVIF.
      functions: { transform: { timeoutSeconds: 900 } },
    },
    "bench",
  );
  const cloud = await startLocalCloud({
    config,
    dataDir,
    ports: FREE_PORTS,
    logger: pino({ level: "silent" }),
    functionLogLevel: "silent",
    transformConcurrency: Number(sandboxes),
  });
  process.on("SIGTERM", () => void cloud.stop().then(() => process.exit(0)));
  const ready: CloudReady = {
    cdn: cloud.endpoints.cdn,
    s3: cloud.endpoints.s3,
    uploadsBucket: cloud.resources.uploadsBucket,
    signingKey: await loadOrCreateSigningKey(dataDir),
    photos: await uploadCorpus(cloud, config.region, photos),
  };
  process.stdout.write(`${JSON.stringify(ready)}\n`);
}

/** Uploads every photo and waits until each is processed: transforms read only processed images. */
async function uploadCorpus(
  cloud: LocalCloud,
  region: string,
  paths: string[],
): Promise<CloudPhoto[]> {
  const s3 = localS3Client(cloud.endpoints.s3, region);
  const dynamo = localDynamoClient(cloud.endpoints.dynamodb, region);
  const photos: CloudPhoto[] = [];
  for (const [i, path] of paths.entries()) {
    const imageId = `photo-${i}`;
    const key = uploadKey({ ownerId: OWNER, imageId, fileName: basename(path) });
    progress(`transform: uploading ${i + 1}/${paths.length}`);
    await s3.send(
      new PutObjectCommand({
        Bucket: cloud.resources.uploadsBucket,
        Key: key,
        Body: await readFile(path),
      }),
    );
    photos.push({ ownerId: OWNER, imageId, key, revision: "" });
  }
  await cloud.idle();
  for (const photo of photos) {
    const { Item } = await dynamo.send(
      new GetCommand({
        TableName: cloud.resources.imagesTable,
        Key: { ownerId: OWNER, imageId: photo.imageId },
      }),
    );
    if (Item?.status !== "processed")
      throw new Error(`${photo.imageId} was not processed: ${Item?.status}`);
    photo.revision = revisionOf(String(Item.source.sha256));
  }
  s3.destroy();
  dynamo.destroy();
  return photos;
}

await main(process.argv.slice(2));
