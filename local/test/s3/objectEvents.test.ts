import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ObjectEventListener, startLocalS3 } from "../../src/s3/startLocalS3.js";
import { LOCAL_CREDENTIALS } from "../../src/settings.js";
import { tempDir } from "../support/tempDir.js";

describe("the local S3's object events", () => {
  let data: Awaited<ReturnType<typeof tempDir>>;
  let s3: Awaited<ReturnType<typeof startLocalS3>>;
  let listener: ObjectEventListener = () => undefined;
  let client: S3Client;

  beforeAll(async () => {
    data = await tempDir("object-events");
    s3 = await startLocalS3({ dataDir: data.path, port: 0, buckets: ["events"] });
    s3.onObjectEvent((record) => listener(record));
    client = new S3Client({
      endpoint: s3.endpoint,
      region: "us-east-1",
      credentials: LOCAL_CREDENTIALS,
      forcePathStyle: true,
      requestChecksumCalculation: "WHEN_REQUIRED",
      maxAttempts: 1,
    });
  });
  afterAll(async () => {
    client.destroy();
    await s3.stop();
    await data.remove();
  });

  it("acknowledges an upload only once its event has been taken, as S3 does", async () => {
    const order: string[] = [];
    listener = async (record) => {
      await new Promise((done) => setTimeout(done, 300));
      order.push(`event taken: ${record.s3.object.key}`);
    };

    await client.send(new PutObjectCommand({ Bucket: "events", Key: "a.jpg", Body: "a" }));
    order.push("upload acknowledged");

    expect(order).toEqual(["event taken: a.jpg", "upload acknowledged"]);
  });

  it("fails the upload when its event cannot be taken, so the uploader tries again", async () => {
    listener = () => Promise.reject(new Error("disk full"));

    await expect(
      client.send(new PutObjectCommand({ Bucket: "events", Key: "b.jpg", Body: "b" })),
    ).rejects.toMatchObject({ $metadata: { httpStatusCode: 500 } });
  });
});
