import { describe, expect, it } from "vitest";
import {
  actionResponse,
  element,
  entryMap,
  errorResponse,
  memberList,
  parsePublishRequest,
  parseSnsRequest,
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

describe("the SNS query protocol's other actions", () => {
  it("reads Subscribe with its attribute map", () => {
    const params = new URLSearchParams({
      Action: "Subscribe",
      TopicArn: "arn:t",
      Protocol: "https",
      Endpoint: "https://hooks.test/x",
      "Attributes.entry.1.key": "FilterPolicy",
      "Attributes.entry.1.value": '{"a":["b"]}',
      ReturnSubscriptionArn: "true",
    });

    expect(parseSnsRequest(params)).toEqual({
      action: "Subscribe",
      topicArn: "arn:t",
      protocol: "https",
      endpoint: "https://hooks.test/x",
      attributes: { FilterPolicy: '{"a":["b"]}' },
      returnSubscriptionArn: true,
    });
  });

  it("keeps a Binary attribute's base64 value", () => {
    const params = new URLSearchParams({
      "MessageAttributes.entry.1.Name": "blob",
      "MessageAttributes.entry.1.Value.DataType": "Binary",
      "MessageAttributes.entry.1.Value.BinaryValue": "eHk=",
    });
    expect(parsePublishRequest(params).messageAttributes).toEqual({
      blob: { type: "Binary", value: "eHk=" },
    });
  });

  it("refuses unknown actions and missing parameters with AWS error codes", () => {
    expect(() => parseSnsRequest(new URLSearchParams({ Action: "DeleteTopic" }))).toThrow(
      expect.objectContaining({ code: "InvalidAction" }),
    );
    expect(() => parseSnsRequest(new URLSearchParams({ Action: "Publish" }))).toThrow(
      expect.objectContaining({
        code: "InvalidParameter",
        message: expect.stringMatching(/TopicArn/),
      }),
    );
  });

  it("writes lists and maps the way the SDK reads them", () => {
    expect(memberList("Topics", [element("TopicArn", "a&b")])).toBe(
      "<Topics><member><TopicArn>a&#38;b</TopicArn></member></Topics>",
    );
    expect(entryMap("Attributes", { Owner: "0" })).toBe(
      "<Attributes><entry><key>Owner</key><value>0</value></entry></Attributes>",
    );
    expect(actionResponse("Unsubscribe", "r-1")).not.toContain("UnsubscribeResult");
  });
});
