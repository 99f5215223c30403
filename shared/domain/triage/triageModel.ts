import { parseTriageModelFile } from './modelFile';
import { TriageClassifier, type TriageModel } from './textClassifier';

/** Where the shipped model lives, as error messages name it. */
export const triageModelFileName = 'shared/domain/triage/triageModel.json';

/**
 * The file is required here, at the first triage, not imported: in the package it is a data file of its own
 * (LAZY_DATA_FILES in scripts/package.js), so a cold start neither compiles nor builds the 600 KB model.
 */
function loadShippedModel(): TriageModel {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return parseTriageModelFile(require('./triageModel.json') as unknown);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new Error(`${triageModelFileName} is not a valid triage model (npm run train:triage writes it): ${why}`);
  }
}

let shipped: TriageClassifier | undefined;

/**
 * The learned decider triage uses unless told otherwise. Parsed and validated once, at the first triage: the app is one
 * bundle, so a model built at load would cost every function's cold start, HTTP ones included. A broken file fails
 * that first triage (and the model tests, which train and compare it).
 */
export function defaultTriageClassifier(): TriageClassifier {
  shipped ??= new TriageClassifier(loadShippedModel());
  return shipped;
}
