import { describe, expect, it } from "vitest";
import {
  errorResponse,
  parsePublishRequest,
  publishResponse,
} from "../../src/sns/queryProtocol.js";

describe("the SNS query protocol", () => {
  it("reads a Publish with its message attributes", () => {
    const params = new URLSearchParams({
      Action: "Publish",
      TopicArn: "arn:aws:sns:us-east-1:000000000000:events",
      Message: '{"hello":"world"}',
      "MessageAttributes.entry.1.Name": "eventType",
      "MessageAttributes.entry.1.Value.DataType": "String",
      "MessageAttributes.entry.1.Value.StringValue": "image.processed",
      "MessageAttributes.entry.2.Name": "ownerId",
      "MessageAttributes.entry.2.Value.DataType": "String",
      "MessageAttributes.entry.2.Value.StringValue": "alice",
    });

    expect(parsePublishRequest(params)).toEqual({
      topicArn: "arn:aws:sns:us-east-1:000000000000:events",
      message: '{"hello":"world"}',
      subject: undefined,
      messageAttributes: {
        eventType: { type: "String", value: "image.processed" },
        ownerId: { type: "String", value: "alice" },
      },
    });
  });

  it("answers with the message id, and escapes error messages", () => {
    expect(publishResponse("m-1", "r-1")).toContain("<MessageId>m-1</MessageId>");
    expect(errorResponse("NotFound", "no <topic>", "r-2")).toContain("no &#60;topic&#62;");
  });
});
