import type { ImageEvent } from "@imgpipe/core/events";
import { CertificateCache } from "./certificates.js";
import { isTrustedSnsUrl } from "./certificateUrl.js";
import { WebhookError } from "./errors.js";
import { parseImageEvent } from "./imageEvents.js";
import type { SnsMessage } from "./snsMessage.js";
import { type VerifyOptions, verifySnsMessage } from "./verifySnsMessage.js";

export interface WebhookReceiverOptions extends VerifyOptions {
  /** Called with each verified event; throw to answer 500, so that SNS retries. */
  onEvent: (event: ImageEvent, message: SnsMessage | undefined) => Promise<void> | void;
  /**
   * Visit the SubscribeURL of a SubscriptionConfirmation, so that the subscription
   * starts. Only for the `topicArns` when they are given. Default: true.
   */
  autoConfirm?: boolean;
  /**
   * Accept raw-delivery bodies (the event JSON with no SNS envelope). They carry no
   * signature, so anyone who knows the URL can forge one: only behind other
   * authentication. Default: false.
   */
  allowUnsigned?: boolean;
}

/** The request as every adapter sees it: header names in lower case, the body as text. */
export interface WebhookRequest {
  headers: Record<string, string | undefined>;
  body: string;
}

export type WebhookOutcome =
  | { kind: "event"; event: ImageEvent; message?: SnsMessage }
  | { kind: "confirmed"; topicArn: string }
  | { kind: "ignored"; reason: string };

/**
 * Receives imgpipe's webhooks: verifies each SNS message, confirms subscriptions,
 * parses notifications into typed events and hands them to `onEvent`. Transport-free:
 * the adapters (`nodeHandler`, `fetchHandler`, `lambdaHandler`) translate HTTP.
 *
 * @example
 * const receiver = new WebhookReceiver({
 *   topicArns: ["arn:aws:sns:eu-west-1:123456789012:imgpipe-prod-image-events"],
 *   onEvent: (event) => console.log(event.type, event.data.imageId),
 * });
 * createServer(nodeHandler(receiver)).listen(8080);
 */
export class WebhookReceiver {
  private readonly certificates: CertificateCache;

  constructor(private readonly options: WebhookReceiverOptions) {
    this.certificates = options.certificates ?? new CertificateCache();
  }

  /** @throws WebhookError when the request is refused; whatever `onEvent` throws */
  async receive(request: WebhookRequest): Promise<WebhookOutcome> {
    const body = parseBody(request.body);
    if (request.headers["x-amz-sns-rawdelivery"] === "true" || isRawEvent(body)) {
      return this.receiveRaw(request.body);
    }
    const header = request.headers["x-amz-sns-message-type"];
    const type = (body as { Type?: unknown } | undefined)?.Type;
    if (header !== undefined && header !== type) {
      throw new WebhookError("invalid_body", `The header says ${header} but the body is ${type}.`);
    }
    const message = await verifySnsMessage(body, {
      ...this.options,
      certificates: this.certificates,
    });
    switch (message.Type) {
      case "Notification": {
        const event = parseImageEvent(message.Message);
        await this.options.onEvent(event, message);
        return { kind: "event", event, message };
      }
      case "SubscriptionConfirmation":
        return this.confirm(message);
      case "UnsubscribeConfirmation":
        return { kind: "ignored", reason: `unsubscribed from ${message.TopicArn}` };
    }
  }

  private async receiveRaw(text: string): Promise<WebhookOutcome> {
    if (!this.options.allowUnsigned) {
      throw new WebhookError(
        "unsigned_message",
        "Raw-delivery bodies carry no signature; turn rawDelivery off for this webhook, or set allowUnsigned.",
      );
    }
    const event = parseImageEvent(text);
    await this.options.onEvent(event, undefined);
    return { kind: "event", event };
  }

  private async confirm(message: SnsMessage): Promise<WebhookOutcome> {
    if (this.options.autoConfirm === false) {
      return { kind: "ignored", reason: "automatic confirmation is off" };
    }
    const url = message.SubscribeURL ?? "";
    if (!isTrustedSnsUrl(url, this.options.trustedOrigins)) {
      throw new WebhookError(
        "confirmation_failed",
        `The SubscribeURL ${url} is not on SNS's host.`,
      );
    }
    let response: Response;
    try {
      response = await fetch(url, { redirect: "error", signal: AbortSignal.timeout(10_000) });
    } catch (cause) {
      throw new WebhookError("confirmation_failed", `Could not reach ${url}.`, { cause });
    }
    if (!response.ok) {
      throw new WebhookError(
        "confirmation_failed",
        `SNS answered ${response.status} to the confirmation.`,
      );
    }
    await response.arrayBuffer();
    return { kind: "confirmed", topicArn: message.TopicArn };
  }
}

function parseBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new WebhookError("invalid_body", "The body is not JSON.", { cause });
  }
}

/** An imgpipe event as the whole body: what raw message delivery sends. */
function isRawEvent(body: unknown): boolean {
  return typeof body === "object" && body !== null && !("Type" in body) && "type" in body;
}
