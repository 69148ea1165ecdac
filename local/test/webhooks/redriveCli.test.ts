import { PutObjectCommand } from "@aws-sdk/client-s3";
import { parsePipelineConfig } from "@imgpipe/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalCloud } from "../../src/localCloud.js";
import { eventually } from "../support/eventually.js";
import { localClients } from "../support/localClients.js";
import { runCli } from "../support/runCli.js";
import { tempDir } from "../support/tempDir.js";
import { startTestCloud } from "../support/testCloud.js";
import { startWebhookReceiver } from "../support/webhookReceiver.js";

describe("webhook dead letters through the CLI", () => {
  let data: Awaited<ReturnType<typeof tempDir>>;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let cloud: LocalCloud;

  const imgpipe = (...args: string[]) => runCli(cloud, data.path, ...args);

  beforeAll(async () => {
    data = await tempDir("redrive-cli");
    receiver = await startWebhookReceiver({ failures: Number.POSITIVE_INFINITY });
    const config = parsePipelineConfig(
      {
        environment: "local",
        webhooks: [
          {
            name: "down",
            url: receiver.url,
            delivery: { retries: 2, minDelaySeconds: 1, maxDelaySeconds: 1 },
          },
        ],
      },
      "test",
    );
    cloud = await startTestCloud({ config, dataDir: data.path });
  });
  afterAll(async () => {
    await cloud?.stop();
    await receiver.close();
    await data.remove();
  });

  it("lists what a failing webhook never took, and redrive delivers it once the webhook is back", async () => {
    const { s3 } = localClients(cloud, "us-east-1");
    await s3.send(
      new PutObjectCommand({
        Bucket: cloud.resources.uploadsBucket,
        Key: "uploads/demo/notes/notes.jpg",
        Body: "not an image ".repeat(20),
      }),
    );
    await eventually(async () => expect(cloud.webhookDeadLetters).toHaveLength(1), 120_000);
    const [letter] = cloud.webhookDeadLetters;

    const listed = await imgpipe("events", "--dead-letters");
    receiver.failNext(0);
    const redriven = await imgpipe("redrive");
    await cloud.idle();

    expect(listed).toContain("1 webhook dead letter(s)");
    expect(listed).toContain(
      `${letter?.id}  ${letter?.at.slice(0, 19)}Z  image.failed ${letter?.message.MessageId} → ${receiver.url} (3 attempts, last: HTTP 500)`,
    );
    expect(redriven).toContain(`sent again  ${letter?.id}`);
    const taken = receiver.accepted().map((body) => JSON.parse(String(body.Message)));
    expect(taken.map((event) => [event.type, event.data.imageId])).toEqual([
      ["image.failed", "notes"],
    ]);
    expect(await imgpipe("events", "--dead-letters")).toContain("No webhook dead letters.");
  });
});
