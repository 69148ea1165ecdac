import { IMAGES_TABLE_KEY, parsePipelineConfig } from "@imgpipe/core";
import { describe, expect, it } from "vitest";
import { Metadata } from "./metadata.js";
import { blockOf, synthesizeScope } from "./testing/terraformJson.js";

const config = parsePipelineConfig({ environment: "dev" }, "test");

describe("Metadata", () => {
  it("keys the images table like the rest of the pipeline", () => {
    const { built, tf } = synthesizeScope((stack) => new Metadata(stack, "metadata", { config }));

    const table = blockOf(tf, built.imagesTable);

    expect(table).toMatchObject({
      name: "imgpipe-dev-images",
      hash_key: IMAGES_TABLE_KEY.partition,
      range_key: IMAGES_TABLE_KEY.sort,
      attribute: [
        { name: IMAGES_TABLE_KEY.partition, type: "S" },
        { name: IMAGES_TABLE_KEY.sort, type: "S" },
      ],
    });
  });

  it("bills on demand, encrypts at rest and keeps point-in-time recovery", () => {
    const { built, tf } = synthesizeScope((stack) => new Metadata(stack, "metadata", { config }));

    const table = blockOf(tf, built.imagesTable);

    expect(table).toMatchObject({
      billing_mode: "PAY_PER_REQUEST",
      server_side_encryption: { enabled: true },
      point_in_time_recovery: { enabled: true },
    });
  });
});
