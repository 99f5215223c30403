import { z } from 'zod';
import { modelFields, trainingSettingsSchema, triageModelSchema, type TriageModel } from './textClassifier';

/*
 * triageModel.json, the shipped model, in a compact form that formatters leave on a few lines: the vocabulary as one
 * string ('|' never occurs in a feature: features are letters, digits, spaces, ':' and '_'), and each field's weights
 * as one string of integers, the weights times 10^decimals. `npm run train:triage` writes it.
 */

const fieldFileSchema = z.strictObject({
  labels: z.array(z.string()),
  bias: z.array(z.number()),
  weights: z.string(),
  threshold: z.number(),
});

export const triageModelFileSchema = z.strictObject({
  kind: z.literal('softmax-regression'),
  trainedOn: z.unknown(),
  settings: z.unknown(),
  features: z.string(),
  fields: z.strictObject({ product: fieldFileSchema, category: fieldFileSchema, severity: fieldFileSchema }),
});
export type TriageModelFile = z.infer<typeof triageModelFileSchema>;

const featureSeparator = '|';

export function serialiseTriageModel(model: TriageModel): TriageModelFile {
  const scale = 10 ** model.settings.decimals;
  const fieldFile = (field: (typeof modelFields)[number]): TriageModelFile['fields'][typeof field] => {
    const { labels, bias, weights, threshold } = model.fields[field];
    return { labels, bias, weights: weights.map((weight) => Math.round(weight * scale) || 0).join(','), threshold };
  };
  return {
    kind: model.kind,
    trainedOn: model.trainedOn,
    settings: model.settings,
    features: model.features.join(featureSeparator),
    fields: { product: fieldFile('product'), category: fieldFile('category'), severity: fieldFile('severity') },
  };
}

/** Reads a model file back into a model, validated: wrong sizes or labels throw. */
export function parseTriageModelFile(input: unknown): TriageModel {
  const file = triageModelFileSchema.parse(input);
  const settings = trainingSettingsSchema.parse(file.settings);
  const scale = 10 ** settings.decimals;
  const fieldModel = (field: (typeof modelFields)[number]) => {
    const { labels, bias, weights, threshold } = file.fields[field];
    return {
      labels,
      bias,
      weights: weights === '' ? [] : weights.split(',').map((weight) => Number(weight) / scale),
      threshold,
    };
  };
  return triageModelSchema.parse({
    kind: file.kind,
    trainedOn: file.trainedOn,
    settings,
    features: file.features === '' ? [] : file.features.split(featureSeparator),
    fields: { product: fieldModel('product'), category: fieldModel('category'), severity: fieldModel('severity') },
  });
}
