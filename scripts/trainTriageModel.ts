/*
 * Trains triage's learned decider on the labelled requests' tuning split and the helper requests and writes
 * shared/domain/triage/triageModel.json: `npm run train:triage`. Deterministic, so running it twice writes the same
 * file; test/unit/triage/triageModel.test.ts fails when the committed model differs from a fresh training (after the
 * labelled set or the settings changed), and this command is the fix. Holdout items are never read (trainTriageModel
 * drops them), so the holdout figures of `npx tsx bench/run.ts triageAccuracy` stay a fair measure.
 * The file is written as prettier formats it, so `npm run format:check` passes right after a retraining.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { serialiseTriageModel } from '../shared/domain/triage/modelFile';
import { trainTriageModel } from '../shared/domain/triage/trainModel';
import { loadTrainingExamples } from '../test/fixtures/triage/labelledRequests';

/** Run with tsx from the repository (npm run train:triage), where the labelled requests are. */
export const triageModelFile = join(__dirname, '..', 'shared', 'domain', 'triage', 'triageModel.json');

async function main(): Promise<void> {
  const startedAt = performance.now();
  const model = trainTriageModel(loadTrainingExamples());
  const options = (await resolveConfig(triageModelFile)) ?? {};
  const json = await format(JSON.stringify(serialiseTriageModel(model)), { ...options, filepath: triageModelFile });
  writeFileSync(triageModelFile, json);
  console.log(
    `trained on ${model.trainedOn.examples} tuning requests in ${Math.round(performance.now() - startedAt)} ms: ` +
      `${model.features.length} features, ${(Buffer.byteLength(json) / 1024).toFixed(1)} KiB -> ${triageModelFile}`,
  );
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
