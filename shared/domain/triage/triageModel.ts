import triageModelFile from './triageModel.json';
import { parseTriageModelFile } from './modelFile';
import { TriageClassifier, type TriageModel } from './textClassifier';

/** Where the shipped model lives, as error messages name it. */
export const triageModelFileName = 'shared/domain/triage/triageModel.json';

function loadShippedModel(): TriageModel {
  try {
    return parseTriageModelFile(triageModelFile);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new Error(`${triageModelFileName} is not a valid triage model (npm run train:triage writes it): ${why}`);
  }
}

/**
 * The learned decider triage uses unless told otherwise. Parsed and validated once when the module loads (the triage
 * function's cold start); a broken file fails the app's start and every test that imports triage.
 */
export const defaultTriageClassifier: TriageClassifier = new TriageClassifier(loadShippedModel());
