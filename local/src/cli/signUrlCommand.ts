import { GetCommand } from "@aws-sdk/lib-dynamodb";
import {
  originalOf,
  revisionOf,
  type SignatureScheme,
  signTransformUrl,
  withRevision,
} from "@imgpipe/core";
import { CliError } from "../errors.js";
import { loadOrCreateSigningKey } from "../transform/signingKey.js";
import type { LocalCloudClient } from "./localCloudClient.js";

export interface SignUrlOptions {
  /** The transform after `/t/<signature>/`, e.g. `fit-in/512x512/demo/beach`. */
  path: string;
  expiresInSeconds?: number;
  scheme: SignatureScheme;
}

/**
 * `imgpipe sign-url <path>`: a signed CDN URL of the running local cloud, pinned to the
 * original's current revision. Only the URL goes to stdout.
 */
export async function signUrlCommand(cloud: LocalCloudClient, options: SignUrlOptions) {
  const key = await loadOrCreateSigningKey(cloud.status.dataDir);
  const pinned = await pinCurrentRevision(cloud, options.path);
  const url = signTransformUrl(pinned, {
    key,
    scheme: options.scheme,
    ...(options.expiresInSeconds && {
      expires: new Date(Date.now() + options.expiresInSeconds * 1000),
    }),
  });
  console.log(`${cloud.status.endpoints.cdn}${url}`);
}

/**
 * `imgpipe sign-url <path> --key <key>`: signs offline, for any deployment whose key you
 * hold; the path is signed as given (pin a revision with `@<revision>` yourself).
 */
export function signUrlOffline(key: string, options: SignUrlOptions & { base: string }) {
  const url = signTransformUrl(options.path, {
    key,
    scheme: options.scheme,
    ...(options.expiresInSeconds && {
      expires: new Date(Date.now() + options.expiresInSeconds * 1000),
    }),
  });
  console.log(`${options.base.replace(/\/$/, "")}${url}`);
}

async function pinCurrentRevision(cloud: LocalCloudClient, path: string): Promise<string> {
  const original = originalOf(path);
  if (!original) return path;
  const dynamo = cloud.dynamo();
  try {
    const { Item } = await dynamo.send(
      new GetCommand({ TableName: cloud.status.resources.imagesTable, Key: original }),
    );
    const sha256 = (Item?.source as { sha256?: string } | undefined)?.sha256;
    if (Item?.status !== "processed" || !sha256) {
      throw new CliError(
        "not_processed",
        `${original.ownerId}/${original.imageId} is ${Item ? `${String(Item.status)}, not processed` : "not an image here"}: nothing to transform yet.`,
        1,
      );
    }
    return withRevision(path, revisionOf(sha256));
  } finally {
    dynamo.destroy();
  }
}
