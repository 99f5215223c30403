import { z } from 'zod';
import type { NotificationKind } from '../notifications';
import type { MailLanguage } from './language';

/**
 * The placeholders each kind of customer notification may use in a tenant's own wording. `reopenWindowDays` and
 * `reason` belong to the resolution, the only notification that knows them; `replyText` to the agent's reply.
 */
export const templatePlaceholders = {
  acknowledgement: ['caseNumber', 'title', 'customerName', 'contactName'],
  agentReply: ['caseNumber', 'title', 'customerName', 'contactName', 'replyText'],
  resolution: ['caseNumber', 'title', 'customerName', 'contactName', 'reopenWindowDays', 'reason'],
} as const satisfies Record<NotificationKind, readonly string[]>;
export type TemplatePlaceholder = (typeof templatePlaceholders)[NotificationKind][number];

/** What the placeholders of one notification stand for; an absent value is written as nothing. */
export type TemplateValues = Partial<Record<TemplatePlaceholder, string>>;

/** Longest subject template: the rendered subject also carries the case token and perhaps the case title (200). */
export const maxSubjectTemplateLength = 200;
/** Longest text template; the agent's reply or the resolution's reason come on top. */
export const maxTextTemplateLength = 4000;

// A placeholder is a name in single braces, e.g. {caseNumber}; spaces inside the braces are allowed. Anything else in
// braces is checked as a name too, so a mistyped "{case number}" is refused at PUT time rather than mailed as written.
const placeholderPattern = /\{([^{}]*)\}/g;

/** The placeholder names a template uses, in order, as written between the braces (trimmed). */
export function placeholdersIn(template: string): string[] {
  return [...template.matchAll(placeholderPattern)].map((match) => (match[1] ?? '').trim());
}

function knownPlaceholders(kind: NotificationKind): readonly string[] {
  return templatePlaceholders[kind];
}

const listed = (names: readonly string[]): string => names.map((name) => `{${name}}`).join(', ');

const templateString = (kind: NotificationKind, maxLength: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(maxLength)
    .superRefine((template, context) => {
      const known = knownPlaceholders(kind);
      for (const name of new Set(placeholdersIn(template))) {
        if (!known.includes(name)) {
          context.addIssue({
            code: 'custom',
            message: `unknown placeholder {${name}}: a ${kind} template may use ${listed(known)}`,
          });
        }
      }
    });

const kindTemplateSchema = (kind: NotificationKind) =>
  z.strictObject({
    subject: templateString(kind, maxSubjectTemplateLength)
      .refine((subject) => !/[\r\n]/.test(subject), 'a subject is one line')
      .describe(`One line; may use ${listed(knownPlaceholders(kind))}. "[CS-000123]" is put in front unless present.`)
      .optional(),
    text: templateString(kind, maxTextTemplateLength)
      .describe(`May use ${listed(knownPlaceholders(kind))}; the line asking to keep the case token follows it.`)
      .optional(),
  });

/** A tenant's wording of one notification kind in one language; each field left out keeps the desk's own. */
export type KindTemplate = z.infer<ReturnType<typeof kindTemplateSchema>>;

const languageTemplatesSchema = z.lazy(() =>
  z.strictObject({
    acknowledgement: kindTemplateSchema('acknowledgement').optional(),
    agentReply: kindTemplateSchema('agentReply')
      // The reply is the mail's point: a text without it would send the customer the frame and not the answer.
      .refine((template) => template.text === undefined || placeholdersIn(template.text).includes('replyText'), {
        message: 'an agentReply text must contain {replyText}, the agent’s reply',
        path: ['text'],
      })
      .optional(),
    resolution: kindTemplateSchema('resolution').optional(),
  }),
);

/**
 * A tenant's own wording of its customer notifications, per language (`en`, `de`) and kind (`acknowledgement`,
 * `agentReply`, `resolution`), each with an optional `subject` and `text`. Placeholders in braces are replaced by the
 * case's values (see templatePlaceholders); an unknown placeholder is refused. Plain text: nothing is escaped.
 */
export const mailTemplatesSchema = z.lazy(() =>
  z
    .strictObject({
      en: languageTemplatesSchema.optional(),
      de: languageTemplatesSchema.optional(),
    } satisfies Record<MailLanguage, z.ZodType>)
    .describe(
      "The tenant's own subject and text per language and notification kind; what it leaves out keeps the desk's.",
    ),
);
export type MailTemplates = z.infer<typeof mailTemplatesSchema>;

/** The tenant's wording of one kind in one language, if it has any. */
export function tenantTemplateFor(
  templates: MailTemplates | undefined,
  language: MailLanguage,
  kind: NotificationKind,
): KindTemplate | undefined {
  return templates?.[language]?.[kind];
}

/**
 * A `kind` template with each of its placeholders replaced by its value, in one pass (a value that itself contains
 * braces, such as a case title, is written as it is). A placeholder without a value is written as nothing; braces
 * around any other name stay as written (mailTemplatesSchema refuses those, so only text outside it can have them).
 */
export function renderTemplate(template: string, kind: NotificationKind, values: TemplateValues): string {
  const known = knownPlaceholders(kind);
  return template.replace(placeholderPattern, (whole, name: string) => {
    const key = name.trim();
    return known.includes(key) ? (values[key as TemplatePlaceholder] ?? '') : whole;
  });
}
