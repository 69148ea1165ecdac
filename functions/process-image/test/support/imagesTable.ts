import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { CreateTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { imagesTableDefinition } from "@imgpipe/core";
import dynalite from "dynalite";

export const TABLE = "images";

/** A real DynamoDB stand-in (dynalite, in memory) holding an empty images table. */
export async function startImagesTable() {
  const server = dynalite({ createTableMs: 0 });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const client = new DynamoDBClient({
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    region: "us-east-1",
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
  });
  await client.send(new CreateTableCommand(imagesTableDefinition(TABLE)));
  const dynamo = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
  });
  return {
    dynamo,
    async row(ownerId: string, imageId: string) {
      const { Item } = await dynamo.send(
        new GetCommand({ TableName: TABLE, Key: { ownerId, imageId }, ConsistentRead: true }),
      );
      return Item;
    },
    put: (item: Record<string, unknown>) =>
      dynamo.send(new PutCommand({ TableName: TABLE, Item: item })),
    async stop() {
      client.destroy();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}

export type ImagesTable = Awaited<ReturnType<typeof startImagesTable>>;
