/// <reference lib="webworker" />
import type { FromGptWorker, ToGptWorker } from './protocol';

// The GPT lab's worker waits for the engine's GPT core (GptTrainer, GptModel); until it is on main,
// every request is answered with an error the page shows.
self.onmessage = (ev: MessageEvent<ToGptWorker>) => {
  const m: FromGptWorker = {
    type: 'error',
    run: ev.data.run,
    message: 'the GPT engine is not in this build yet',
  };
  postMessage(m);
};
