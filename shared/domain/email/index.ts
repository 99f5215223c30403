export { type EmailAddress, emailAddressSchema, parseAddressList, parseMailbox, senderDomain } from './addresses';
export {
  type AutomatedMailRule,
  type AutomatedMailVerdict,
  detectAutomatedMail,
  suppressesAutoReply,
} from './automatedMail';
export { decodeEncodedWords } from './encodedWords';
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
export {
  caseNumberTokenFor,
  findCaseNumberToken,
  subjectWithoutCaseNumberTokens,
  subjectWithoutPrefixes,
  subjectWithoutTags,
} from './subject';
