import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import {
  IMAGES_BY_OWNER_INDEX,
  IMAGES_TABLE_KEY,
  IMAGES_TABLE_TTL_ATTRIBUTE,
  type PipelineConfig,
  resourceName,
} from "@imgpipe/core";
import { Construct } from "constructs";

export interface MetadataProps {
  readonly config: PipelineConfig;
}

/**
 * The images table: one row per image, keyed like the local cloud's table
 * ({@link IMAGES_TABLE_KEY}), with an index that lists an owner's images newest first
 * ({@link IMAGES_BY_OWNER_INDEX}) and a TTL that removes abandoned pending rows.
 * On-demand capacity, encrypted, point-in-time recovery; with `deletionProtection` it
 * survives `destroy`.
 *
 * @example
 * const metadata = new Metadata(this, "metadata", { config });
 * metadata.imagesTable.arn; // for policies
 */
export class Metadata extends Construct {
  readonly imagesTable: DynamodbTable;

  constructor(scope: Construct, id: string, { config }: MetadataProps) {
    super(scope, id);
    this.imagesTable = new DynamodbTable(this, "images", {
      name: resourceName(config, "images"),
      billingMode: "PAY_PER_REQUEST",
      hashKey: IMAGES_TABLE_KEY.partition,
      rangeKey: IMAGES_TABLE_KEY.sort,
      attribute: [
        { name: IMAGES_TABLE_KEY.partition, type: "S" },
        { name: IMAGES_TABLE_KEY.sort, type: "S" },
        { name: IMAGES_BY_OWNER_INDEX.sort, type: "S" },
      ],
      globalSecondaryIndex: [
        {
          name: IMAGES_BY_OWNER_INDEX.name,
          hashKey: IMAGES_BY_OWNER_INDEX.partition,
          rangeKey: IMAGES_BY_OWNER_INDEX.sort,
          // A gallery page shows every field of a row; rows are small.
          projectionType: "ALL",
        },
      ],
      ttl: { attributeName: IMAGES_TABLE_TTL_ATTRIBUTE, enabled: true },
      serverSideEncryption: { enabled: true },
      pointInTimeRecovery: { enabled: true },
      deletionProtectionEnabled: config.deletionProtection,
      ...(config.deletionProtection && { lifecycle: { preventDestroy: true } }),
    });
  }
}
