import { localDynamoClient, localS3Client } from "../../src/localClients.js";
import type { LocalCloud } from "../../src/localCloud.js";

/** The clients an app developer would point at the local cloud. */
export function localClients(cloud: LocalCloud, region: string) {
  return {
    s3: localS3Client(cloud.endpoints.s3, region),
    dynamo: localDynamoClient(cloud.endpoints.dynamodb, region),
  };
}
