import { z } from 'zod';
import { importanceSchema, type InboundAttachment } from './inboundEmail';

/** Connectors write importance as "normal" or "Normal"; missing means normal. */
export const connectorImportanceSchema = z.lazy(() =>
  z
    .string()
    .toLowerCase()
    .pipe(importanceSchema)
    .nullish()
    .transform((importance) => importance ?? 'normal'),
);

/** Timestamps must carry an offset: a local time without one cannot be placed on the SLA clock. */
export const receivedDateTimeSchema = z.lazy(() =>
  z.iso.datetime({ offset: true }).transform((dateTime) => new Date(dateTime).toISOString()),
);

/** Attachment metadata as connectors write it: name/contentType/size, or Name/ContentType/Size in older outputs. */
export const connectorAttachmentSchema = z.lazy(() =>
  z
    .object({
      name: z.string().nullish(),
      Name: z.string().nullish(),
      contentType: z.string().nullish(),
      ContentType: z.string().nullish(),
      size: z.number().nullish(),
      Size: z.number().nullish(),
    })
    .transform((attachment, context): InboundAttachment => {
      const name = attachment.name ?? attachment.Name;
      if (!name) {
        context.addIssue({ code: 'custom', message: 'attachment has no name (name or Name)' });
        return z.NEVER;
      }
      const contentType = attachment.contentType ?? attachment.ContentType ?? undefined;
      const size = attachment.size ?? attachment.Size ?? undefined;
      return {
        name,
        ...(contentType !== undefined && { contentType }),
        ...(size !== undefined && { size }),
      };
    }),
);
