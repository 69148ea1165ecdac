import { randomUUID } from "node:crypto";
import { JsonFile } from "../storage/jsonFile.js";
import type { UnsignedMessage } from "./messages.js";

/**
 * A notification that exhausted its subscription's delivery policy: what SNS would put
 * in the subscription's dead-letter queue. It keeps the message unsigned, so that a
 * redrive signs it afresh (a receiver rejects a signature hours old).
 */
export interface WebhookDeadLetter {
  /** Names this dead letter for `imgpipe redrive <id>`. */
  id: string;
  at: string;
  subscriptionArn: string;
  endpoint: string;
  message: UnsignedMessage;
  /** Requests made before giving up. */
  attempts: number;
  /** The last answer: an HTTP status or a network error. */
  lastStatus?: number;
  lastError?: string;
}

/** What a redrive did: the dead letters sent again, and those kept because their subscription is gone. */
export interface RedriveResult {
  sent: WebhookDeadLetter[];
  orphans: WebhookDeadLetter[];
}

/**
 * The local SNS's dead-letter queue for webhook deliveries, kept in the data folder
 * until redriven. One JSON file: dead letters are few, and each change rewrites it.
 */
export class WebhookDeadLetters {
  private constructor(
    private readonly file: JsonFile<WebhookDeadLetter[]>,
    private letters: WebhookDeadLetter[],
  ) {}

  static async open(path: string): Promise<WebhookDeadLetters> {
    const file = new JsonFile<WebhookDeadLetter[]>(path);
    return new WebhookDeadLetters(file, await file.read([]));
  }

  list(): WebhookDeadLetter[] {
    return [...this.letters];
  }

  async add(letter: Omit<WebhookDeadLetter, "id" | "at">): Promise<WebhookDeadLetter> {
    const stored = { id: randomUUID(), at: new Date().toISOString(), ...letter };
    this.letters.push(stored);
    await this.file.write(this.letters);
    return stored;
  }

  /** Removes and returns the dead letters with these ids, or all of them when none are given. */
  async take(ids?: readonly string[]): Promise<WebhookDeadLetter[]> {
    const wanted = (letter: WebhookDeadLetter) => !ids || ids.includes(letter.id);
    const taken = this.letters.filter(wanted);
    this.letters = this.letters.filter((letter) => !wanted(letter));
    await this.file.write(this.letters);
    return taken;
  }

  /** Puts back dead letters that could not be redriven, in their original place in time. */
  async restore(letters: readonly WebhookDeadLetter[]): Promise<void> {
    this.letters = [...this.letters, ...letters].sort((a, b) => a.at.localeCompare(b.at));
    await this.file.write(this.letters);
  }
}
