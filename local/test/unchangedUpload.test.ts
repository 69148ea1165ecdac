import { parsePipelineConfig } from "@imgpipe/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "./support/eventually.js";
import { photoJpeg } from "./support/images.js";
import { type PipelineHarness, startPipelineHarness } from "./support/pipelineHarness.js";

const config = parsePipelineConfig({ environment: "test" }, "test");

describe("uploading the same bytes again", () => {
  let pipeline: PipelineHarness;

  beforeAll(async () => {
    pipeline = await startPipelineHarness(config);
  });
  afterAll(() => pipeline?.stop());

  it("records the upload as seen, renders nothing and announces nothing again", async () => {
    const photo = await photoJpeg(640, 480);
    await pipeline.upload("twice", "photo.jpg", photo);
    const first = await eventually(async () => {
      const row = await pipeline.row("twice");
      expect(row?.status).toBe("processed");
      return row;
    });
    await pipeline.cloud.idle();
    const keysBefore = await pipeline.processedKeys("twice");

    await pipeline.upload("twice", "photo.jpg", photo);
    const second = await eventually(async () => {
      const row = await pipeline.row("twice");
      expect(row?.lastUploadAt).toBeDefined();
      return row;
    });
    await pipeline.cloud.idle();

    expect(pipeline.eventsFor("twice").map((e) => e.type)).toEqual(["image.processed"]);
    expect(await pipeline.processedKeys("twice")).toEqual(keysBefore);
    expect(second).toMatchObject({
      status: "processed",
      source: first?.source,
      variants: first?.variants,
      updatedAt: first?.updatedAt,
    });
  });

  it("renders and announces new bytes under the same key", async () => {
    await pipeline.upload("twice", "photo.jpg", await photoJpeg(800, 600));

    await eventually(async () =>
      expect(pipeline.eventsFor("twice").map((e) => e.type)).toEqual([
        "image.processed",
        "image.processed",
      ]),
    );

    const row = await pipeline.row("twice");
    expect(row?.source).toMatchObject({ width: 800, height: 600 });
  });
});
