import { SnsApiError } from "../errors.js";

/**
 * The AWS Query protocol as the SNS SDK client speaks it: form-encoded parameters in,
 * XML out. Pure functions, so the wire format is tested without a server.
 */

/** A message attribute as published; Binary values stay base64, as they travel. */
export interface MessageAttribute {
  type: string;
  value: string;
}

export interface PublishRequest {
  topicArn: string;
  message: string;
  subject: string | undefined;
  messageAttributes: Record<string, MessageAttribute>;
}

export type SnsRequest =
  | { action: "CreateTopic"; name: string; attributes: Record<string, string> }
  | { action: "ListTopics" }
  | ({ action: "Publish" } & PublishRequest)
  | {
      action: "Subscribe";
      topicArn: string;
      protocol: string;
      endpoint: string;
      attributes: Record<string, string>;
      returnSubscriptionArn: boolean;
    }
  | { action: "ConfirmSubscription"; topicArn: string; token: string }
  | { action: "ListSubscriptionsByTopic"; topicArn: string }
  | { action: "Unsubscribe"; subscriptionArn: string }
  | { action: "GetSubscriptionAttributes"; subscriptionArn: string }
  | { action: "SetSubscriptionAttributes"; subscriptionArn: string; name: string; value: string };

export type SnsAction = SnsRequest["action"];

/**
 * Reads one request. GET requests (the SubscribeURL and UnsubscribeURL of a message) use
 * the same parameters in the query string.
 *
 * @throws SnsApiError `InvalidAction` or `InvalidParameter`
 */
export function parseSnsRequest(params: URLSearchParams): SnsRequest {
  const action = params.get("Action");
  const required = (name: string) => {
    const value = params.get(name);
    if (value === null || value === "") {
      throw new SnsApiError("InvalidParameter", `Invalid parameter: ${name} is required`, 400);
    }
    return value;
  };
  switch (action) {
    case "CreateTopic":
      return { action, name: required("Name"), attributes: parseAttributeMap(params) };
    case "ListTopics":
      return { action };
    case "Publish":
      return { action, ...parsePublishRequest(params), topicArn: required("TopicArn") };
    case "Subscribe":
      return {
        action,
        topicArn: required("TopicArn"),
        protocol: required("Protocol"),
        endpoint: required("Endpoint"),
        attributes: parseAttributeMap(params),
        returnSubscriptionArn: params.get("ReturnSubscriptionArn") === "true",
      };
    case "ConfirmSubscription":
      return { action, topicArn: required("TopicArn"), token: required("Token") };
    case "ListSubscriptionsByTopic":
      return { action, topicArn: required("TopicArn") };
    case "Unsubscribe":
    case "GetSubscriptionAttributes":
      return { action, subscriptionArn: required("SubscriptionArn") };
    case "SetSubscriptionAttributes":
      return {
        action,
        subscriptionArn: required("SubscriptionArn"),
        name: required("AttributeName"),
        value: params.get("AttributeValue") ?? "",
      };
    default:
      throw new SnsApiError(
        "InvalidAction",
        `The action ${action ?? "(none)"} is not valid for this endpoint`,
        400,
      );
  }
}

/** The fields of a Publish, without checking that the topic is there. */
export function parsePublishRequest(params: URLSearchParams): PublishRequest {
  const messageAttributes: PublishRequest["messageAttributes"] = {};
  for (let i = 1; params.has(`MessageAttributes.entry.${i}.Name`); i++) {
    const prefix = `MessageAttributes.entry.${i}`;
    const type = params.get(`${prefix}.Value.DataType`) ?? "String";
    messageAttributes[params.get(`${prefix}.Name`) ?? ""] = {
      type,
      value:
        (type === "Binary"
          ? params.get(`${prefix}.Value.BinaryValue`)
          : params.get(`${prefix}.Value.StringValue`)) ?? "",
    };
  }
  return {
    topicArn: params.get("TopicArn") ?? "",
    message: params.get("Message") ?? "",
    subject: params.get("Subject") ?? undefined,
    messageAttributes,
  };
}

/** `Attributes.entry.N.key` / `.value`, the way maps travel in the Query protocol. */
export function parseAttributeMap(params: URLSearchParams, name = "Attributes") {
  const map: Record<string, string> = {};
  for (let i = 1; params.has(`${name}.entry.${i}.key`); i++) {
    map[params.get(`${name}.entry.${i}.key`) ?? ""] = params.get(`${name}.entry.${i}.value`) ?? "";
  }
  return map;
}

const NAMESPACE = "http://sns.amazonaws.com/doc/2010-03-31/";

/** A successful response; actions without a result (Unsubscribe) pass no `result`. */
export function actionResponse(action: SnsAction, requestId: string, result?: string): string {
  const body = result === undefined ? "" : `<${action}Result>${result}</${action}Result>`;
  return `<${action}Response xmlns="${NAMESPACE}">${body}<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`;
}

export function publishResponse(messageId: string, requestId: string): string {
  return actionResponse("Publish", requestId, element("MessageId", messageId));
}

export function errorResponse(
  code: string,
  message: string,
  requestId: string,
  type: "Sender" | "Receiver" = "Sender",
): string {
  return `<ErrorResponse xmlns="${NAMESPACE}"><Error><Type>${type}</Type><Code>${code}</Code><Message>${escapeXml(message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
}

/** `<name>text</name>` with the text escaped. */
export function element(name: string, text: string): string {
  return `<${name}>${escapeXml(text)}</${name}>`;
}

/** A list: `<name><member>…</member>…</name>`, each member already XML. */
export function memberList(name: string, members: string[]): string {
  return `<${name}>${members.map((m) => `<member>${m}</member>`).join("")}</${name}>`;
}

/** A map: `<name><entry><key>…</key><value>…</value></entry>…</name>`. */
export function entryMap(name: string, map: Record<string, string>): string {
  const entries = Object.entries(map).map(
    ([key, value]) => `<entry>${element("key", key)}${element("value", value)}</entry>`,
  );
  return `<${name}>${entries.join("")}</${name}>`;
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
