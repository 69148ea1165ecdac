import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { basename, extname } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { type ImageRow, isValidId, parseImageRow, uploadKey } from "@imgpipe/core";
import { CliError } from "../errors.js";
import { formatBytes } from "./format.js";
import type { LocalCloudClient } from "./localCloudClient.js";

export interface UploadOptions {
  files: string[];
  ownerId: string;
  /** Only with a single file; otherwise each id comes from its file name. */
  imageId: string | undefined;
  timeoutMs: number;
}

const CONTENT_TYPES: Record<string, string> = {
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".png": "image/png",
  ".webp": "image/webp",
  ".gif": "image/gif",
  ".avif": "image/avif",
  ".heic": "image/heic",
  ".heif": "image/heif",
  ".tif": "image/tiff",
  ".tiff": "image/tiff",
};

/** An image id from a file name: `Summer Trip.JPG` → `summer-trip-3fa2`. */
export function imageIdFor(file: string, suffix = randomBytes(2).toString("hex")): string {
  const stem = basename(file, extname(file))
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 100);
  return `${stem || "image"}-${suffix}`;
}

/**
 * `imgpipe upload`: puts each file in the uploads bucket as the browser would, then
 * waits for its row and prints where its variants are served.
 */
export async function uploadCommand(cloud: LocalCloudClient, options: UploadOptions) {
  if (options.files.length === 0) throw new CliError("no_files", "Name the files to upload", 2);
  if (options.imageId !== undefined && options.files.length > 1) {
    throw new CliError("id_with_many_files", "--id names one image: upload one file with it", 2);
  }
  for (const id of [options.ownerId, options.imageId ?? "x"]) {
    if (!isValidId(id)) {
      throw new CliError("invalid_id", `"${id}": ids use letters, digits, '_' and '-'`, 2);
    }
  }
  const s3 = cloud.s3();
  const uploads: { file: string; ownerId: string; imageId: string }[] = [];
  for (const file of options.files) {
    const imageId = options.imageId ?? imageIdFor(file);
    const body = await readFile(file);
    const key = uploadKey({ ownerId: options.ownerId, imageId, fileName: basename(file) });
    process.stdout.write(`${file}  ${formatBytes(body.length)}  uploading…`);
    const started = Date.now();
    await s3.send(
      new PutObjectCommand({
        Bucket: cloud.status.resources.uploadsBucket,
        Key: key,
        Body: body,
        ContentType: CONTENT_TYPES[extname(file).toLowerCase()] ?? "application/octet-stream",
      }),
    );
    process.stdout.write(` uploaded in ${Date.now() - started} ms as ${key}\n`);
    uploads.push({ file, ownerId: options.ownerId, imageId });
  }
  s3.destroy();
  let failed = 0;
  for (const upload of uploads) {
    const row = await waitForRow(cloud, upload.ownerId, upload.imageId, options.timeoutMs);
    failed += printOutcome(cloud, upload, row) ? 0 : 1;
  }
  if (failed > 0) process.exitCode = 1;
}

async function waitForRow(
  cloud: LocalCloudClient,
  ownerId: string,
  imageId: string,
  timeoutMs: number,
): Promise<ImageRow | undefined> {
  const dynamo = cloud.dynamo();
  const deadline = Date.now() + timeoutMs;
  try {
    while (Date.now() < deadline) {
      const { Item } = await dynamo.send(
        new GetCommand({
          TableName: cloud.status.resources.imagesTable,
          Key: { ownerId, imageId },
        }),
      );
      const row = Item && parseImageRow(Item);
      // `pending` and `processing` are on the way; only these two are outcomes.
      if (row?.status === "processed" || row?.status === "failed") return row;
      await sleep(200);
    }
    return undefined;
  } finally {
    dynamo.destroy();
  }
}

function printOutcome(
  cloud: LocalCloudClient,
  upload: { file: string; imageId: string },
  row: ImageRow | undefined,
): boolean {
  if (!row) {
    console.log(`\n${upload.file}: not processed in time; see \`imgpipe events\``);
    return false;
  }
  if (row.status !== "processed") {
    console.log(`\n${upload.file}: ${row.status} — ${row.failure?.code}: ${row.failure?.message}`);
    return false;
  }
  console.log(`\n${upload.file} → ${upload.imageId}: processed`);
  for (const v of row.variants ?? []) {
    const label = `${v.name}.${v.format}`.padEnd(12);
    console.log(
      `  ${label} ${`${v.width}×${v.height}`.padEnd(10)} ${cloud.status.endpoints.cdn}/${v.key}`,
    );
  }
  return true;
}
