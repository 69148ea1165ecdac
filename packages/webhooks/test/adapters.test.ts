import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { fetchHandler } from "../src/adapters/fetch.js";
import { lambdaHandler } from "../src/adapters/lambda.js";
import { nodeHandler } from "../src/adapters/node.js";
import type { ImageEvent } from "../src/imageEvents.js";
import { WebhookReceiver } from "../src/receiver.js";
import { FAILED_EVENT } from "./fixtures/events.js";
import { notification, signed, TOPIC_ARN, testCertificates } from "./fixtures/signing.js";

const HEADERS = { "x-amz-sns-message-type": "Notification", "content-type": "text/plain" };

function receiverCollecting(options: { allowUnsigned?: boolean } = {}) {
  const events: ImageEvent[] = [];
  const receiver = new WebhookReceiver({
    topicArns: [TOPIC_ARN],
    certificates: testCertificates().cache,
    onEvent: (event) => {
      events.push(event);
    },
    ...options,
  });
  return { receiver, events };
}

const body = () => JSON.stringify(signed(notification(JSON.stringify(FAILED_EVENT))));

describe("the adapters", () => {
  it("node:http answers 200 to a verified event and hands it over", async () => {
    const { receiver, events } = receiverCollecting();
    const server = createServer(nodeHandler(receiver)).listen(0, "127.0.0.1");
    await once(server, "listening");
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;

    const good = await fetch(url, { method: "POST", headers: HEADERS, body: body() });
    const forged = await fetch(url, {
      method: "POST",
      headers: HEADERS,
      body: body().replace("unsupported_format", "corrupt_image"),
    });
    server.close();

    expect(good.status).toBe(200);
    expect(events).toEqual([FAILED_EVENT]);
    expect(forged.status).toBe(403);
    expect(forged.headers.get("content-type")).toBe("application/problem+json");
    expect(await forged.json()).toMatchObject({ code: "invalid_signature", status: 403 });
  });

  it("fetch (Hono and friends) takes a Request and gives a Response", async () => {
    const { receiver, events } = receiverCollecting();
    const handle = fetchHandler(receiver);

    const response = await handle(
      new Request("http://receiver.test/hooks", { method: "POST", headers: HEADERS, body: body() }),
    );

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, eventId: FAILED_EVENT.id });
    expect(events).toHaveLength(1);
  });

  it("Lambda behind a function URL reads a base64 body and returns a result", async () => {
    const { receiver, events } = receiverCollecting();
    const handler = lambdaHandler(receiver);

    const result = await handler({
      headers: HEADERS,
      body: Buffer.from(body()).toString("base64"),
      isBase64Encoded: true,
    });

    expect(result.statusCode).toBe(200);
    expect(events).toEqual([FAILED_EVENT]);
  });

  it("answers 500 when the event handler throws, so that SNS retries", async () => {
    const receiver = new WebhookReceiver({
      certificates: testCertificates().cache,
      onEvent: () => {
        throw new Error("database down");
      },
    });

    const result = await lambdaHandler(receiver)({ headers: HEADERS, body: body() });

    expect(result.statusCode).toBe(500);
    expect(result.body).not.toContain("database down");
  });

  it("refuses an unsigned raw-delivery body unless told to accept it", async () => {
    const raw = {
      headers: { "x-amz-sns-rawdelivery": "true" },
      body: JSON.stringify(FAILED_EVENT),
    };
    const strict = receiverCollecting();
    const lenient = receiverCollecting({ allowUnsigned: true });

    const refused = await lambdaHandler(strict.receiver)(raw);
    const accepted = await lambdaHandler(lenient.receiver)(raw);

    expect(refused.statusCode).toBe(403);
    expect(JSON.parse(refused.body).code).toBe("unsigned_message");
    expect(accepted.statusCode).toBe(200);
    expect(lenient.events).toEqual([FAILED_EVENT]);
  });

  it("refuses a body larger than any SNS message", async () => {
    const { receiver } = receiverCollecting();

    const result = await lambdaHandler(receiver)({
      headers: HEADERS,
      body: "x".repeat(1024 * 1024 + 1),
    });

    expect(result.statusCode).toBe(413);
  });
});
