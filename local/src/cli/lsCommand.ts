import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { table } from "./format.js";
import type { LocalCloudClient } from "./localCloudClient.js";

/** `imgpipe ls`: every image of the local table, newest first. */
export async function lsCommand(cloud: LocalCloudClient, ownerId: string | undefined) {
  const dynamo = cloud.dynamo();
  const items: Record<string, unknown>[] = [];
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
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
  } finally {
    dynamo.destroy();
  }
  if (items.length === 0) {
    console.log("No images yet. Upload one with `imgpipe upload photo.jpg`.");
    return;
  }
  items.sort((a, b) => String(b.updatedAt).localeCompare(String(a.updatedAt)));
  const rows = items.map((item) => [
    String(item.ownerId),
    String(item.imageId),
    String(item.status),
    item.status === "failed"
      ? String((item.failure as { code?: string } | undefined)?.code ?? "")
      : `${(item.variants as unknown[] | undefined)?.length ?? 0} variants`,
    String(item.updatedAt ?? ""),
  ]);
  console.log(table([["OWNER", "IMAGE", "STATUS", "DETAIL", "UPDATED"], ...rows]));
}
