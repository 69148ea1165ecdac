import { ListObjectsV2Command, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalS3 } from "../../src/s3/startLocalS3.js";
import { LOCAL_CREDENTIALS } from "../../src/settings.js";
import { tempDir } from "../support/tempDir.js";

// What s3rver does differently from S3, pinned down so that a change in it is noticed,
// and what the local cloud does about it.
describe("the local S3's known gaps", () => {
  let data: Awaited<ReturnType<typeof tempDir>>;
  let s3: Awaited<ReturnType<typeof startLocalS3>>;
  const client = () =>
    new S3Client({
      endpoint: s3.endpoint,
      region: "us-east-1",
      credentials: LOCAL_CREDENTIALS,
      forcePathStyle: true,
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
    });

  beforeAll(async () => {
    data = await tempDir("gaps");
    s3 = await startLocalS3({ dataDir: data.path, port: 0, buckets: ["gaps"] });
  });
  afterAll(async () => {
    await s3.stop();
    await data.remove();
  });

  it("pages ListObjectsV2 with continuation tokens (Node needs --openssl-legacy-provider)", async () => {
    const c = client();
    for (const key of ["page/a", "page/b", "page/c"]) {
      await c.send(new PutObjectCommand({ Bucket: "gaps", Key: key, Body: key }));
    }
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await c.send(
        new ListObjectsV2Command({
          Bucket: "gaps",
          Prefix: "page/",
          MaxKeys: 1,
          ContinuationToken: token,
        }),
      );
      keys.push(...(page.Contents ?? []).map((o) => o.Key ?? ""));
      token = page.NextContinuationToken;
    } while (token);

    expect(keys).toEqual(["page/a", "page/b", "page/c"]);
  });
});
