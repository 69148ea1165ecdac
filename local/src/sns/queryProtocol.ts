/**
 * The AWS Query protocol as the SNS SDK client speaks it: form-encoded parameters in,
 * XML out. Pure functions, so the wire format is tested without a server.
 */
export interface PublishRequest {
  topicArn: string;
  message: string;
  subject: string | undefined;
  messageAttributes: Record<string, { type: string; value: string }>;
}

export function parsePublishRequest(params: URLSearchParams): PublishRequest {
  const messageAttributes: PublishRequest["messageAttributes"] = {};
  for (let i = 1; params.has(`MessageAttributes.entry.${i}.Name`); i++) {
    const prefix = `MessageAttributes.entry.${i}`;
    const name = params.get(`${prefix}.Name`) ?? "";
    messageAttributes[name] = {
      type: params.get(`${prefix}.Value.DataType`) ?? "String",
      value: params.get(`${prefix}.Value.StringValue`) ?? "",
    };
  }
  return {
    topicArn: params.get("TopicArn") ?? "",
    message: params.get("Message") ?? "",
    subject: params.get("Subject") ?? undefined,
    messageAttributes,
  };
}

const NAMESPACE = "http://sns.amazonaws.com/doc/2010-03-31/";

export function publishResponse(messageId: string, requestId: string): string {
  return `<PublishResponse xmlns="${NAMESPACE}"><PublishResult><MessageId>${messageId}</MessageId></PublishResult><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></PublishResponse>`;
}

export function errorResponse(
  code: string,
  message: string,
  requestId: string,
  type: "Sender" | "Receiver" = "Sender",
): string {
  return `<ErrorResponse xmlns="${NAMESPACE}"><Error><Type>${type}</Type><Code>${code}</Code><Message>${escapeXml(message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
