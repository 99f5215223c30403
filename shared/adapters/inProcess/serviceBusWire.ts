import { serviceBusLimits, type OutgoingMessage } from '../../ports/messagePublisher';

/*
 * What happens to a message between `publish` and the queue function in Azure, so the in-process transport can do the
 * same: @azure/service-bus encodes the body (a Buffer as it is, anything else as JSON.stringify in UTF-8), Service Bus
 * refuses a message over its limits, and the Functions host hands a Node.js handler the body as a string, which the
 * @azure/functions library JSON-parses when it can. So a handler never sees the sender's object: Dates arrive as ISO
 * strings, undefined properties and class prototypes are gone, and every delivery is a new object.
 */

/** Why a message cannot be sent; each is an error @azure/service-bus or the namespace raises in Azure. */
export type UnsendableReason =
  | 'MessageIdTooLong'
  | 'BodyNotSerializable'
  | 'InvalidPropertyValue'
  | 'PropertyTooLarge'
  | 'HeaderSizeExceeded'
  | 'MessageSizeExceeded';

/** A message Service Bus would refuse; the in-process transport throws it from `send`, as the SDK's send throws in Azure. */
export class UnsendableMessageError extends Error {
  override readonly name = 'UnsendableMessageError';
  constructor(
    readonly code: UnsendableReason,
    message: string,
    readonly queueName?: string,
    readonly messageId?: string,
  ) {
    super(message);
  }
}

/**
 * What the broker adds to every message's header (sequence number, enqueued time, lock token, locked-until, delivery
 * count, state) and the AMQP framing of it all. Service Bus does not publish an exact figure ("the size of system
 * properties varies"); this allowance keeps the local count on the safe side of it.
 */
export const brokerOverheadBytes = 512;

/** The body as the SDK puts it on the wire: bytes as given, anything else as UTF-8 JSON (undefined as null). */
export function encodeBody(body: unknown): Buffer {
  if (Buffer.isBuffer(body)) return Buffer.from(body);
  if (body instanceof Uint8Array) return Buffer.from(body);
  let json: string | undefined;
  try {
    json = JSON.stringify(body === undefined ? null : body);
  } catch (error) {
    throw new UnsendableMessageError(
      'BodyNotSerializable',
      `The message body cannot be serialized as JSON: ${(error as Error).message}`,
    );
  }
  // A function or a symbol stringifies to nothing, which the SDK's Buffer.from(undefined) refuses.
  if (json === undefined)
    throw new UnsendableMessageError('BodyNotSerializable', `A ${typeof body} is not a message body.`);
  return Buffer.from(json, 'utf8');
}

/** The body as the Service Bus trigger hands it to a Node.js handler: the text, JSON-parsed when it is JSON. */
export function decodeBodyForTrigger(bytes: Buffer): unknown {
  const text = bytes.toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

const utf8Bytes = (text: string): number => Buffer.byteLength(text, 'utf8');

/**
 * The size of an application property's value as AMQP carries it: strings by their UTF-8 bytes, numbers as 8-byte
 * doubles or longs, booleans as one byte, timestamps as 8 bytes. Anything else is no property value Service Bus takes
 * (the SDK's type allows string, number, boolean, Date and null), so it is refused here rather than in Azure.
 */
function propertyValueBytes(name: string, value: unknown): number {
  if (typeof value === 'string') return utf8Bytes(value);
  if (typeof value === 'number' || value instanceof Date) return 8;
  if (typeof value === 'boolean' || value === null) return 1;
  throw new UnsendableMessageError(
    'InvalidPropertyValue',
    `Application property "${name}" is ${Array.isArray(value) ? 'an array' : `a ${typeof value}`}; Service Bus takes strings, numbers, booleans, dates and null.`,
  );
}

/**
 * Refuses, as Service Bus would, a message whose id is over 128 characters, whose body is no JSON, whose application
 * properties are of a type it does not take or over 32 KB each, whose header is over 64 KB, or which is over 256 KB in
 * all (Standard tier). The sizes count what the application controls byte for byte (body bytes, property names and
 * values, the system properties set: message id, content type, subject, correlation id) plus `brokerOverheadBytes`
 * for what the broker adds; Service Bus counts its own encoding, so a message within a few hundred bytes of a limit
 * may fare differently here and in Azure. Returns the encoded body.
 */
export function checkServiceBusLimits(message: OutgoingMessage, queueName?: string): Buffer {
  try {
    return measure(message);
  } catch (error) {
    if (!(error instanceof UnsendableMessageError)) throw error;
    const where = `queue ${queueName ?? '?'}, message ${message.messageId ?? 'without id'}`;
    throw new UnsendableMessageError(error.code, `${error.message} (${where})`, queueName, message.messageId);
  }
}

function measure(message: OutgoingMessage): Buffer {
  const { maxMessageIdLength, maxPropertyBytes, maxHeaderBytes, maxMessageBytes } = serviceBusLimits;
  if (message.messageId !== undefined && message.messageId.length > maxMessageIdLength) {
    throw new UnsendableMessageError(
      'MessageIdTooLong',
      `The message id has ${message.messageId.length} characters; Service Bus takes at most ${maxMessageIdLength}.`,
    );
  }
  const body = encodeBody(message.body);

  let headerBytes = brokerOverheadBytes;
  for (const system of [message.messageId, message.contentType, message.subject, message.correlationId]) {
    if (system !== undefined) headerBytes += utf8Bytes(system);
  }
  for (const [name, value] of Object.entries(message.applicationProperties ?? {})) {
    const size = utf8Bytes(name) + propertyValueBytes(name, value);
    if (size > maxPropertyBytes) {
      throw new UnsendableMessageError(
        'PropertyTooLarge',
        `Application property "${name}" takes ${size} bytes; Service Bus takes at most ${maxPropertyBytes} per property.`,
      );
    }
    headerBytes += size;
  }
  if (headerBytes > maxHeaderBytes) {
    throw new UnsendableMessageError(
      'HeaderSizeExceeded',
      `The message's properties take about ${headerBytes} bytes; Service Bus takes at most ${maxHeaderBytes}.`,
    );
  }
  const total = headerBytes + body.length;
  if (total > maxMessageBytes) {
    throw new UnsendableMessageError(
      'MessageSizeExceeded',
      `The message takes about ${total} bytes; Service Bus (Standard tier) takes at most ${maxMessageBytes}.`,
    );
  }
  return body;
}
