import { createPresignedPost } from "@aws-sdk/s3-presigned-post";
import { parsePipelineConfig } from "@imgpipe/core";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiClient, apiClient, postForm } from "../support/apiClient.js";
import { eventually } from "../support/eventually.js";
import { photoJpeg } from "../support/images.js";
import { jsonOf } from "../support/jsonOf.js";
import { type PipelineHarness, startPipelineHarness } from "../support/pipelineHarness.js";

const MAX_UPLOAD_BYTES = 200_000;
const config = parsePipelineConfig(
  { environment: "test", limits: { maxUploadBytes: MAX_UPLOAD_BYTES } },
  "test",
);

describe("uploading through the API as a browser does", { timeout: 180_000 }, () => {
  let pipeline: PipelineHarness;
  let alice: ApiClient;

  beforeAll(async () => {
    pipeline = await startPipelineHarness(config);
    alice = await apiClient(pipeline.cloud, "alice");
  }, 180_000);

  afterAll(() => pipeline?.stop());

  it("signs an upload, takes the file, processes it and serves its variants on the CDN", async () => {
    const photo = await photoJpeg(1200, 800);

    const { imageId, upload, expiresAt } = await alice.startUpload(
      "Beach day.jpg",
      "image/jpeg",
      photo.length,
    );
    const posted = await postForm(upload, photo, { type: "image/jpeg" });
    const image = await eventually(async () => {
      const body = await jsonOf(await alice.call("GET", `/images/${imageId}`));
      expect(body.status).toBe("processed");
      return body;
    }, 90_000);
    const thumb = image.variants.find(
      (v: { name: string; format: string }) => v.name === "thumb" && v.format === "webp",
    );
    const served = await fetch(thumb.url);

    expect(imageId).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(Date.parse(expiresAt) - Date.now()).toBeGreaterThan(60_000);
    expect(posted.status).toBe(204);
    expect(image).toMatchObject({
      id: imageId,
      fileName: "Beach-day.jpg",
      width: 1200,
      height: 800,
      format: "jpeg",
    });
    expect(image.thumbhash).toEqual(expect.any(String));
    expect(image.dominantColour).toMatch(/^#[0-9a-f]{6}$/);
    expect(image.variants).toHaveLength(6);
    expect(served.status).toBe(200);
    expect(served.headers.get("content-type")).toBe("image/webp");
    const meta = await sharp(Buffer.from(await served.arrayBuffer())).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(["webp", 160, 160]);
  }, 150_000);

  describe("the presigned POST's policy, enforced by the local S3 as by S3", () => {
    const s3Error = async (response: Response) => {
      const xml = await response.text();
      return { status: response.status, code: /<Code>([^<]+)<\/Code>/.exec(xml)?.[1], xml };
    };
    const smallPhoto = () => photoJpeg(64, 48);

    it("refuses a file of another content type than the one signed", async () => {
      const photo = await smallPhoto();
      const { upload } = await alice.startUpload("a.jpg", "image/jpeg", photo.length);

      const response = await postForm(upload, photo, { fields: { "Content-Type": "image/png" } });

      expect(await s3Error(response)).toMatchObject({ status: 403, code: "AccessDenied" });
    });

    it("refuses a file larger than the limit", async () => {
      const { upload } = await alice.startUpload("big.jpg", "image/jpeg", 1000);

      const response = await postForm(upload, Buffer.alloc(MAX_UPLOAD_BYTES + 1, 1));

      expect(await s3Error(response)).toMatchObject({ status: 400, code: "EntityTooLarge" });
    });

    it("refuses another key than the one signed", async () => {
      const photo = await smallPhoto();
      const { upload } = await alice.startUpload("a.jpg", "image/jpeg", photo.length);
      const otherKey = upload.fields.key?.replace(/\/[^/]+\/a\.jpg$/, "/someone-elses/a.jpg");

      const response = await postForm(upload, photo, { fields: { key: otherKey ?? "" } });

      expect(await s3Error(response)).toMatchObject({ status: 403, code: "AccessDenied" });
    });

    it("refuses a policy that was tampered with", async () => {
      const photo = await smallPhoto();
      const { upload } = await alice.startUpload("a.jpg", "image/jpeg", photo.length);
      const policy = JSON.parse(Buffer.from(upload.fields.Policy ?? "", "base64").toString());
      policy.conditions.push(["starts-with", "$key", ""]);
      const tampered = Buffer.from(JSON.stringify(policy)).toString("base64");

      const response = await postForm(upload, photo, { fields: { Policy: tampered } });

      expect(await s3Error(response)).toMatchObject({ status: 403, code: "SignatureDoesNotMatch" });
    });

    it("refuses a policy past its expiry", async () => {
      const photo = await smallPhoto();
      const { upload } = await alice.startUpload("a.jpg", "image/jpeg", photo.length);
      const key = upload.fields.key ?? "";
      // Signed like the API signs, with the local credentials, but expired a minute ago.
      const expired = await createPresignedPost(pipeline.clients.s3, {
        Bucket: pipeline.cloud.resources.uploadsBucket,
        Key: key,
        Fields: { "Content-Type": "image/jpeg" },
        Conditions: [["eq", "$Content-Type", "image/jpeg"]],
        Expires: -60,
      });

      const response = await postForm(expired, photo);

      expect(await s3Error(response)).toMatchObject({ status: 403, code: "AccessDenied" });
      expect((await postForm(expired, photo)).status).toBe(403);
    });
  });
});
