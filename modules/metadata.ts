import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { IMAGES_TABLE_KEY, type PipelineConfig, resourceName } from "@imgpipe/core";
import { Construct } from "constructs";

export interface MetadataProps {
  readonly config: PipelineConfig;
}

/**
 * The images table: one row per image, keyed like the local cloud's table
 * ({@link IMAGES_TABLE_KEY}). On-demand capacity, encrypted, with point-in-time recovery.
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
      ],
      serverSideEncryption: { enabled: true },
      pointInTimeRecovery: { enabled: true },
    });
  }
}
