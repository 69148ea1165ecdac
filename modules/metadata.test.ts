import {
  IMAGES_BY_OWNER_INDEX,
  IMAGES_TABLE_KEY,
  IMAGES_TABLE_TTL_ATTRIBUTE,
  parsePipelineConfig,
} from "@imgpipe/core";
import { describe, expect, it } from "vitest";
import { Metadata } from "./metadata.js";
import { blockOf, synthesizeScope } from "./testing/terraformJson.js";

function synthesizeTable(deletionProtection = true) {
  const config = parsePipelineConfig({ environment: "dev", deletionProtection }, "test");
  const { built, tf } = synthesizeScope((stack) => new Metadata(stack, "metadata", { config }));
  return blockOf(tf, built.imagesTable);
}

describe("Metadata", () => {
  it("keys the images table like the rest of the pipeline", () => {
    const table = synthesizeTable();

    expect(table).toMatchObject({
      name: "imgpipe-dev-images",
      hash_key: IMAGES_TABLE_KEY.partition,
      range_key: IMAGES_TABLE_KEY.sort,
    });
    expect(table.attribute).toEqual([
      { name: IMAGES_TABLE_KEY.partition, type: "S" },
      { name: IMAGES_TABLE_KEY.sort, type: "S" },
      { name: IMAGES_BY_OWNER_INDEX.sort, type: "S" },
    ]);
  });

  it("indexes an owner's images by creation time, with every attribute", () => {
    const table = synthesizeTable();

    expect(table.global_secondary_index).toEqual([
      {
        name: IMAGES_BY_OWNER_INDEX.name,
        hash_key: IMAGES_BY_OWNER_INDEX.partition,
        range_key: IMAGES_BY_OWNER_INDEX.sort,
        projection_type: "ALL",
      },
    ]);
  });

  it("expires abandoned pending rows on the core's TTL attribute", () => {
    const table = synthesizeTable();

    expect(table.ttl).toEqual({ attribute_name: IMAGES_TABLE_TTL_ATTRIBUTE, enabled: true });
  });

  it("bills on demand, encrypts at rest and keeps point-in-time recovery", () => {
    const table = synthesizeTable();

    expect(table).toMatchObject({
      billing_mode: "PAY_PER_REQUEST",
      server_side_encryption: { enabled: true },
      point_in_time_recovery: { enabled: true },
    });
  });

  it("cannot be deleted, by AWS or by Terraform, with deletion protection", () => {
    const table = synthesizeTable(true);

    expect(table).toMatchObject({
      deletion_protection_enabled: true,
      lifecycle: { prevent_destroy: true },
    });
  });

  it("can be deleted without deletion protection", () => {
    const table = synthesizeTable(false);

    expect(table.deletion_protection_enabled).toBe(false);
    expect(table.lifecycle).toBeUndefined();
  });
});
