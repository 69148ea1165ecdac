import { once } from "node:events";
import { mkdir } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import {
  CreateTableCommand,
  DynamoDBClient,
  ResourceInUseException,
} from "@aws-sdk/client-dynamodb";
import { imagesTableDefinition } from "@imgpipe/core";
import dynalite from "dynalite";
import { LOCAL_CREDENTIALS, LOCAL_HOST } from "../settings.js";

export interface LocalDynamoDb {
  endpoint: string;
  stop(): Promise<void>;
}

/** dynalite in-process, with its LevelDB under `{dataDir}/dynamodb`, and the images table. */
export async function startLocalDynamoDb(options: {
  dataDir: string;
  port: number;
  region: string;
  imagesTable: string;
}): Promise<LocalDynamoDb> {
  const path = join(options.dataDir, "dynamodb");
  await mkdir(path, { recursive: true });
  const server = dynalite({ path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  server.listen(options.port, LOCAL_HOST);
  await once(server, "listening");
  const endpoint = `http://${LOCAL_HOST}:${(server.address() as AddressInfo).port}`;
  const stop = () => new Promise<void>((done) => server.close(() => done()));
  try {
    await createImagesTable(endpoint, options.region, options.imagesTable);
  } catch (error) {
    await stop();
    throw error;
  }
  return { endpoint, stop };
}

/** The same key schema as the Terraform table; a table kept from an earlier run is reused. */
async function createImagesTable(endpoint: string, region: string, tableName: string) {
  const client = new DynamoDBClient({ endpoint, region, credentials: LOCAL_CREDENTIALS });
  try {
    await client.send(new CreateTableCommand(imagesTableDefinition(tableName)));
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  } finally {
    client.destroy();
  }
}
