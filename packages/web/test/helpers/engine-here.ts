import { GptTrainer, type SafetensorsFile, readSafetensors, validateGptExperiment } from '@unha/engine';

/** What the browser tests work out with the engine in this process, to hold the page's numbers to. */

/** A downloaded file read back by the engine's reader; a file it refuses fails the test with its issues. */
export function readBack(bytes: Uint8Array): SafetensorsFile {
  const r = readSafetensors(bytes);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
}

/** A GPT trainer on this experiment after `steps` steps, as the lab's worker trains it. */
export function gptTrainedHere(experiment: object, steps: number): GptTrainer {
  const r = validateGptExperiment(structuredClone(experiment));
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  const t = new GptTrainer(r.value);
  for (let i = 0; i < steps; i++) t.step();
  return t;
}
