import { z } from 'zod';
import {
  fieldModelSchema,
  trainedOnSchema,
  trainingSettingsSchema,
  triageModelProblems,
  type ModelField,
  type TriageModel,
} from './textClassifier';
import { built } from '../builtSchema';

/*
 * triageModel.json, the shipped model, in a compact form that formatters leave on a few lines: the vocabulary as one
 * string ('|' never occurs in a feature: features are letters, digits, spaces, ':' and '_'), and each field's weights
 * as one string of integers, the weights times 10^decimals. `npm run train:triage` writes it.
 */

const fieldFileSchema = z.lazy(() =>
  built(fieldModelSchema).extend({ weights: z.string().regex(/^(-?\d+(,-?\d+)*)?$/) }),
);

export const triageModelFileSchema = z.lazy(() =>
  z.strictObject({
    kind: z.literal('softmax-regression'),
    trainedOn: trainedOnSchema,
    settings: trainingSettingsSchema,
    features: z.string(),
    fields: z.strictObject({ product: fieldFileSchema, category: fieldFileSchema, severity: fieldFileSchema }),
  }),
);
export type TriageModelFile = z.infer<typeof triageModelFileSchema>;

const featureSeparator = '|';

export function serialiseTriageModel(model: TriageModel): TriageModelFile {
  const scale = 10 ** model.settings.decimals;
  const fieldFile = (field: ModelField): TriageModelFile['fields'][typeof field] => {
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

/**
 * Reads a model file back into a model, validated: wrong sizes or labels throw. The weights (tens of thousands of
 * integers, checked by the file schema's pattern) are not validated one by one again, which keeps a cold start short.
 */
export function parseTriageModelFile(input: unknown): TriageModel {
  const file = triageModelFileSchema.parse(input);
  const scale = 10 ** file.settings.decimals;
  const fieldModel = (field: ModelField) => {
    const { weights, ...rest } = file.fields[field];
    return { ...rest, weights: weights === '' ? [] : weights.split(',').map((weight) => Number(weight) / scale) };
  };
  const model: TriageModel = {
    kind: file.kind,
    trainedOn: file.trainedOn,
    settings: file.settings,
    features: file.features === '' ? [] : file.features.split(featureSeparator),
    fields: { product: fieldModel('product'), category: fieldModel('category'), severity: fieldModel('severity') },
  };
  const problems = triageModelProblems(model);
  if (problems.length > 0) {
    throw new Error(problems.map((problem) => `${problem.path.join('.')}: ${problem.message}`).join('; '));
  }
  return model;
}
