export { type EmailAddress, emailAddressSchema, parseAddressList, parseMailbox, senderDomain } from './addresses';
export { type AutomatedMailRule, type AutomatedMailVerdict, detectAutomatedMail } from './automatedMail';
export {
  type Importance,
  type InboundAttachment,
  type InboundEmail,
  importanceSchema,
  inboundAttachmentSchema,
  inboundEmailSchema,
} from './inboundEmail';
export { messageIdsIn, normaliseMessageId } from './messageId';
export { type ParseInboundEmailResult, parseInboundEmail } from './parseInboundEmail';
export { caseNumberTokenFor, findCaseNumberToken, subjectWithoutPrefixes } from './subject';
