import { z } from 'zod';
import { categorySchema, productSchema, severitySchema } from '../caseFields';
import { impactCueFeatures } from './impactCues';
import { triageText } from './keywordMatch';

/*
 * The learned decider: a multinomial logistic regression (softmax) over word unigrams, word bigrams, character
 * 3- to 5-grams and impact cues (impactCues.ts) of the customer's title and description, one classifier per field
 * (product, category, severity). It is trained at build time on the labelled requests' tuning split (scripts/trainTriageModel.ts, `npm run
 * train:triage`) and shipped as triageModel.json. Plain code, no library: featurising a case is linear in its text,
 * and predicting is one sum per feature present and class.
 *
 * Training is deterministic: the vocabulary is sorted, weights start at zero and full-batch gradient descent runs a
 * fixed number of steps over the examples in file order, and the weights are rounded before they are written. So
 * training the same split twice gives the same JSON, and a test compares the committed model with a fresh training.
 */

/** The fields the model may decide; scope stays with the rules. */
export const modelFields = ['product', 'category', 'severity'] as const;
export type ModelField = (typeof modelFields)[number];

/** The values each field the model decides may take: its labels, as a labelled or helper request gives them. */
export const modelFieldSchemas = {
  product: productSchema,
  category: categorySchema,
  severity: severitySchema,
} as const;

/** Characters in the text that is featurised: a longer text is cut, so the work per case is bounded. */
export const maxFeaturisedCharacters = 20_000;

/** The text the model reads: exactly what the rules read (triageText), so training and triage featurise the same text. */
export function modelText(request: { title: string; description: string }): string {
  return triageText(request.title, request.description);
}

/** Lower case, umlauts and accents folded ('ü' -> 'ue', 'é' -> 'e', 'ß' -> 'ss'), so spelling variants share features. */
function foldForModel(text: string): string {
  return text
    .slice(0, maxFeaturisedCharacters)
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '');
}

/**
 * The features of a text with their counts: `w:word`, `b:word_word` (adjacent words), `c:abc` (3- to 5-character
 * pieces of each word padded with spaces, which catch inflections, compounds and typos) and `i:cue`, the impact cues
 * the text contains (impactCues.ts, counted once; the text with punctuation as spaces, so "can't" reads "can t").
 */
export function textFeatures(text: string): Map<string, number> {
  const folded = foldForModel(text);
  const words = folded.match(/[\p{L}\p{N}]+/gu) ?? [];
  const counts = new Map<string, number>();
  const add = (feature: string) => counts.set(feature, (counts.get(feature) ?? 0) + 1);
  words.forEach((word, index) => {
    add(`w:${word}`);
    const next = words[index + 1];
    if (next !== undefined) add(`b:${word}_${next}`);
    const padded = ` ${word} `;
    for (let n = 3; n <= 5; n += 1) {
      for (let start = 0; start + n <= padded.length; start += 1) add(`c:${padded.slice(start, start + n)}`);
    }
  });
  const spaced = folded.replace(/[^\p{L}\p{N}€$£]+/gu, ' ');
  impactCueFeatures(spaced).forEach((cue) => counts.set(cue, 1));
  return counts;
}

/** One field's classifier: per class a bias, and per vocabulary feature one weight per class (row-major). */
export const fieldModelSchema = z.lazy(() =>
  z.strictObject({
    labels: z.array(z.string()).min(2),
    bias: z.array(z.number()),
    /** weights[feature * labels.length + class] */
    weights: z.array(z.number()),
    /** The model abstains (the rules' fallback stays) when its probability for the best class is below this. */
    threshold: z.number().min(0).max(1),
  }),
);
export type FieldModel = z.infer<typeof fieldModelSchema>;

/** How a model was trained; stored in it so a retraining uses the same settings. */
export const trainingSettingsSchema = z.lazy(() =>
  z.strictObject({
    minDocumentFrequency: z.number().int().positive(),
    maxFeatures: z.number().int().positive(),
    steps: z.number().int().positive(),
    learningRate: z.number().positive(),
    l2: z.number().nonnegative(),
    decimals: z.number().int().positive().max(6),
  }),
);
export type TrainingSettings = z.infer<typeof trainingSettingsSchema>;

export const trainedOnSchema = z.lazy(() =>
  z.strictObject({ split: z.literal('tuning'), examples: z.number().int().nonnegative() }),
);

/** What is wrong with a model's shape: weights that do not fit vocabulary and labels, labels that are not values. */
export function triageModelProblems(
  model: Pick<TriageModel, 'features'> & {
    fields: Record<ModelField, Pick<FieldModel, 'labels' | 'bias' | 'weights'>>;
  },
): Array<{ path: Array<string | number>; message: string }> {
  return modelFields.flatMap((field) => {
    const fieldModel = model.fields[field];
    const problems: Array<{ path: Array<string | number>; message: string }> = [];
    if (fieldModel.weights.length !== model.features.length * fieldModel.labels.length) {
      problems.push({ path: ['fields', field, 'weights'], message: 'one weight per feature and label' });
    }
    if (fieldModel.bias.length !== fieldModel.labels.length) {
      problems.push({ path: ['fields', field, 'bias'], message: 'one bias per label' });
    }
    fieldModel.labels.forEach((label, index) => {
      if (!modelFieldSchemas[field].safeParse(label).success) {
        problems.push({ path: ['fields', field, 'labels', index], message: `not a ${field}` });
      }
    });
    return problems;
  });
}

export const triageModelSchema = z
  .strictObject({
    kind: z.literal('softmax-regression'),
    /** What it was trained on, for the reader of the JSON. */
    trainedOn: trainedOnSchema,
    settings: trainingSettingsSchema,
    features: z.array(z.string()),
    fields: z.strictObject({ product: fieldModelSchema, category: fieldModelSchema, severity: fieldModelSchema }),
  })
  .superRefine((model, context) =>
    triageModelProblems(model).forEach((problem) => context.addIssue({ code: 'custom', ...problem })),
  );
export type TriageModel = z.infer<typeof triageModelSchema>;

/** What the model says about one field: its best class, the probability it gives it, and whether that is enough. */
export interface ModelPrediction {
  value: string;
  /** Probability of `value`, 0..1, rounded to 3 decimals. */
  confidence: number;
  /** confidence >= the field's threshold. */
  confident: boolean;
  threshold: number;
}

/** A featurised text as vocabulary indexes and L2-normalised log-scaled counts. */
export interface ModelInput {
  indexes: number[];
  values: number[];
  /** How many of the text's features are impact cues the model knows: 0 when the text says nothing about impact. */
  impactCues: number;
  /** How many words the text has, repeats counted, known to the model or not. */
  words: number;
}

/**
 * The value of an impact cue (`i:...`, see impactCues.ts) in the model's input, whatever the length of the text. The
 * word and n-gram features of a long mail are many and each small after normalising, so a cue is kept out of the norm
 * and weighs the same in a one-line request and in a long one. 0.3 was chosen by 5-fold cross-validation on the tuning
 * split (0, 0.3 and 1 tried).
 */
export const impactCueValue = 0.3;
const impactCuePrefix = 'i:';
const wordPrefix = 'w:';

/**
 * Looks a text's features up in the vocabulary; unknown features are dropped. Values of words and n-grams are
 * 1 + ln(count), divided by the norm of all the text's word and n-gram features, known or not, so that dropping a
 * feature from the vocabulary (pruning) leaves the values of the others unchanged; impact cues are `impactCueValue`.
 */
export function vectorise(counts: ReadonlyMap<string, number>, vocabulary: ReadonlyMap<string, number>): ModelInput {
  const pairs: Array<[number, number]> = [];
  const cues: number[] = [];
  let squares = 0;
  let words = 0;
  counts.forEach((count, feature) => {
    if (feature.startsWith(wordPrefix)) words += count;
    const index = vocabulary.get(feature);
    if (feature.startsWith(impactCuePrefix)) {
      if (index !== undefined) cues.push(index);
      return;
    }
    const value = 1 + Math.log(count);
    squares += value * value;
    if (index !== undefined) pairs.push([index, value]);
  });
  const norm = Math.sqrt(squares) || 1;
  const values: Array<[number, number]> = [
    ...pairs.map(([index, value]): [number, number] => [index, value / norm]),
    ...cues.map((index): [number, number] => [index, impactCueValue]),
  ].sort((a, b) => a[0] - b[0]);
  return {
    indexes: values.map(([index]) => index),
    values: values.map(([, value]) => value),
    impactCues: cues.length,
    words,
  };
}

/** Class probabilities of one input under one field's weights. */
export function probabilities(model: Pick<FieldModel, 'bias' | 'weights'>, input: ModelInput): number[] {
  const classes = model.bias.length;
  const scores = [...model.bias];
  input.indexes.forEach((feature, position) => {
    const value = input.values[position] ?? 0;
    for (let c = 0; c < classes; c += 1) {
      scores[c] = (scores[c] ?? 0) + (model.weights[feature * classes + c] ?? 0) * value;
    }
  });
  const max = Math.max(...scores);
  const exps = scores.map((score) => Math.exp(score - max));
  const total = exps.reduce((sum, value) => sum + value, 0);
  return exps.map((value) => value / total);
}

/** A loaded model, ready to predict: the vocabulary as a map. */
export class TriageClassifier {
  private readonly vocabulary: Map<string, number>;

  constructor(readonly model: TriageModel) {
    this.vocabulary = new Map(model.features.map((feature, index) => [feature, index]));
  }

  /** Featurises a text once for all fields. */
  input(text: string): ModelInput {
    return vectorise(textFeatures(text), this.vocabulary);
  }

  /** The probability (0..1, 3 decimals) the model gives `value` before reading any word: from its bias alone. */
  prior(field: ModelField, value: string): number {
    const fieldModel = this.model.fields[field];
    const probs = probabilities(fieldModel, { indexes: [], values: [], impactCues: 0, words: 0 });
    return Math.round((probs[fieldModel.labels.indexOf(value)] ?? 0) * 1000) / 1000;
  }

  predict(field: ModelField, input: ModelInput): ModelPrediction {
    const fieldModel = this.model.fields[field];
    const probs = probabilities(fieldModel, input);
    let best = 0;
    probs.forEach((probability, index) => {
      if (probability > (probs[best] ?? 0)) best = index;
    });
    const confidence = Math.round((probs[best] ?? 0) * 1000) / 1000;
    return {
      value: fieldModel.labels[best] ?? '',
      confidence,
      confident: input.indexes.length > 0 && confidence >= fieldModel.threshold,
      threshold: fieldModel.threshold,
    };
  }
}
