import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  CreateTopicCommand,
  ListSubscriptionsByTopicCommand,
  PublishCommand,
  type SNSClient,
  SubscribeCommand,
} from "@aws-sdk/client-sns";
import { imageFailedEvent } from "@imgpipe/core";
import {
  type ImageEvent,
  nodeHandler,
  type SnsMessage,
  verifySnsMessage,
  WebhookError,
  WebhookReceiver,
} from "@imgpipe/webhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ActivityLog } from "../../src/activity/activityLog.js";
import type { LocalSns } from "../../src/sns/startLocalSns.js";
import { eventually } from "../support/eventually.js";
import { tempDir } from "../support/tempDir.js";
import { startTestSns } from "../support/testSns.js";

const EVENT = imageFailedEvent(
  {
    ownerId: "alice",
    imageId: "cat",
    source: { key: "uploads/alice/cat/cat.txt", revision: "e1", bytes: 12 },
    reason: { code: "unsupported_format", message: "The file is not an image." },
  },
  new Date(),
);

describe("the webhooks verifier against the local SNS", () => {
  let data: Awaited<ReturnType<typeof tempDir>>;
  let sns: LocalSns;
  let activity: ActivityLog;
  let client: SNSClient;
  const servers: Server[] = [];

  /** A receiver built on @imgpipe/webhooks, trusting the stand-in, subscribed to a topic. */
  async function subscribedReceiver(topicArn: string) {
    const events: { event: ImageEvent; message: SnsMessage | undefined }[] = [];
    const bodies: string[] = [];
    const receiver = new WebhookReceiver({
      topicArns: [topicArn],
      trustedOrigins: [sns.endpoint],
      onEvent: (event, message) => {
        events.push({ event, message });
      },
    });
    const handle = nodeHandler(receiver);
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        const body = Buffer.concat(chunks).toString();
        bodies.push(body);
        void handle(Object.assign(req, { body }), res);
      });
    });
    servers.push(server.listen(0, "127.0.0.1"));
    await once(server, "listening");
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
    await client.send(
      new SubscribeCommand({ TopicArn: topicArn, Protocol: "http", Endpoint: url }),
    );
    return { url, events, bodies };
  }

  async function topic(name: string, signatureVersion: "1" | "2") {
    const { TopicArn = "" } = await client.send(
      new CreateTopicCommand({ Name: name, Attributes: { SignatureVersion: signatureVersion } }),
    );
    return TopicArn;
  }

  const publish = (topicArn: string) =>
    client.send(new PublishCommand({ TopicArn: topicArn, Message: JSON.stringify(EVENT) }));

  beforeAll(async () => {
    data = await tempDir("verifier");
    ({ sns, activity, client } = await startTestSns(data.path));
  });
  afterAll(async () => {
    await sns.stop();
    await activity.flushed();
    for (const server of servers) server.close();
    await data.remove();
  });

  it.each<["1" | "2", string]>([
    ["1", "SHA1"],
    ["2", "SHA256"],
  ])(
    "confirms the subscription itself, then verifies SignatureVersion %s (%s) notifications",
    async (version) => {
      const topicArn = await topic(`verifier-v${version}`, version);
      const receiver = await subscribedReceiver(topicArn);

      await eventually(async () => {
        const { Subscriptions = [] } = await client.send(
          new ListSubscriptionsByTopicCommand({ TopicArn: topicArn }),
        );
        expect(Subscriptions.map((s) => s.SubscriptionArn)).toEqual([
          expect.stringMatching(new RegExp(`^${topicArn}:`)),
        ]);
      });
      await publish(topicArn);
      await sns.idle();

      expect(receiver.events.map((e) => e.event)).toEqual([EVENT]);
      expect(receiver.events[0]?.message?.SignatureVersion).toBe(version);
    },
  );

  it("rejects an untrusted certificate host, a tampered body, a tampered signature and a stale message, each with its own code", async () => {
    const topicArn = await topic("verifier-attacks", "2");
    const receiver = await subscribedReceiver(topicArn);
    await eventually(async () => expect(receiver.bodies).toHaveLength(1));
    await publish(topicArn);
    await sns.idle();
    const genuine = JSON.parse(receiver.bodies.at(-1) ?? "{}") as SnsMessage;
    const options = { trustedOrigins: [sns.endpoint] };
    const codeOf = (message: SnsMessage, more: { now?: () => number } = {}) =>
      verifySnsMessage(message, { ...options, ...more }).then(
        () => "verified",
        (error: unknown) => (error instanceof WebhookError ? error.code : String(error)),
      );

    const codes = {
      genuine: await codeOf(genuine),
      untrustedHost: await codeOf({
        ...genuine,
        SigningCertURL: "http://127.0.0.1:1/SimpleNotificationService-local.pem",
      }),
      tamperedBody: await codeOf({ ...genuine, Message: genuine.Message.replace("cat", "dog") }),
      tamperedSignature: await codeOf({ ...genuine, Signature: genuine.Signature.slice(4) }),
      stale: await codeOf(genuine, { now: () => Date.now() + 2 * 60 * 60 * 1000 }),
    };

    expect(codes).toEqual({
      genuine: "verified",
      untrustedHost: "untrusted_certificate_url",
      tamperedBody: "invalid_signature",
      tamperedSignature: "malformed_signature",
      stale: "stale_message",
    });
  });
});
