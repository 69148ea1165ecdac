import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { type ImageRow, parseImageRow } from "@imgpipe/core";
import { table } from "./format.js";
import type { LocalCloudClient } from "./localCloudClient.js";

/** `imgpipe ls`: every image of the local table, newest first. */
export async function lsCommand(cloud: LocalCloudClient, ownerId: string | undefined) {
  const dynamo = cloud.dynamo();
  const items: ImageRow[] = [];
  let start: Record<string, unknown> | undefined;
  try {
    do {
      const page = await dynamo.send(
        new ScanCommand({
          TableName: cloud.status.resources.imagesTable,
          ExclusiveStartKey: start,
          ...(ownerId && {
            FilterExpression: "ownerId = :owner",
            ExpressionAttributeValues: { ":owner": ownerId },
          }),
        }),
      );
      items.push(...(page.Items ?? []).map(parseImageRow));
      start = page.LastEvaluatedKey;
    } while (start);
  } finally {
    dynamo.destroy();
  }
  if (items.length === 0) {
    console.log("No images yet. Upload one with `imgpipe upload photo.jpg`.");
    return;
  }
  items.sort((a, b) => (b.updatedAt ?? "").localeCompare(a.updatedAt ?? ""));
  const rows = items.map((item) => [
    item.ownerId,
    item.imageId,
    item.status,
    item.status === "failed"
      ? (item.failure?.code ?? "")
      : `${item.variants?.length ?? 0} variants`,
    item.updatedAt ?? "",
  ]);
  console.log(table([["OWNER", "IMAGE", "STATUS", "DETAIL", "UPDATED"], ...rows]));
}
