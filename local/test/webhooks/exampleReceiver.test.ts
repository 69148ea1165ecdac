import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { ListSubscriptionsByTopicCommand, SNSClient } from "@aws-sdk/client-sns";
import { parsePipelineConfig } from "@imgpipe/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LOCAL_CREDENTIALS } from "../../src/settings.js";
import { eventually } from "../support/eventually.js";
import { photoJpeg } from "../support/images.js";
import { type PipelineHarness, startPipelineHarness } from "../support/pipelineHarness.js";

const root = join(import.meta.dirname, "..", "..", "..");
const config = parsePipelineConfig({ environment: "test" }, "test");

describe("examples/webhook-receiver against the local cloud", () => {
  let pipeline: PipelineHarness;
  let example: ChildProcess;
  let output = "";

  beforeAll(async () => {
    pipeline = await startPipelineHarness(config);
    const apiPort = new URL(pipeline.cloud.endpoints.api).port;
    // What `npm run example:webhooks` runs, started directly so that signals reach it.
    example = spawn(
      join(root, "node_modules/.bin/tsx"),
      ["examples/webhook-receiver/receiver.ts"],
      {
        cwd: root,
        env: { ...process.env, IMGPIPE_API_PORT: apiPort },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    example.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    example.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    await eventually(async () => expect(output).toContain("listening on"), 120_000);
  }, 180_000);
  afterAll(async () => {
    example?.kill();
    await pipeline?.stop();
  });

  it("prints each event it verified, and unsubscribes on Ctrl-C", async () => {
    await pipeline.upload("for-the-example", "photo.jpg", await photoJpeg(640, 480));
    await pipeline.upload("not-for-display", "notes.jpg", Buffer.from("not an image ".repeat(20)));

    await eventually(() => {
      expect(output).toMatch(
        /verified image.processed alice\/for-the-example \(640×480, \d+ variants\)/,
      );
      expect(output).toContain("verified image.failed alice/not-for-display (unsupported_format:");
      return Promise.resolve();
    }, 120_000);
    example.kill("SIGINT");
    await eventually(async () => expect(output).toContain("unsubscribed"), 60_000);
    const sns = new SNSClient({
      endpoint: pipeline.cloud.endpoints.sns,
      region: config.region,
      credentials: LOCAL_CREDENTIALS,
    });
    const { Subscriptions = [] } = await sns.send(
      new ListSubscriptionsByTopicCommand({ TopicArn: pipeline.cloud.resources.eventsTopicArn }),
    );

    expect(Subscriptions.map((s) => s.Endpoint)).toEqual([pipeline.receiver.url]);
  }, 180_000);
});
