import 'katex/dist/katex.min.css';
import './styles.css';
import { Lab } from './lab';
import { GptLab, isGptLink } from './gpt/lab';
import { LmLab, isLmLink } from './lm/lab';

// KaTeX's fonts load when a formula first needs them; sections below the fold are not laid out
// until scrolled to (content-visibility), so ask for the common faces now, or their first view
// would show the math blank for a moment.
for (const face of [
  '1em KaTeX_Main',
  'italic 1em KaTeX_Math',
  'italic 1em KaTeX_Main',
  '1em KaTeX_Size1',
  '1em KaTeX_Size2',
  '1em KaTeX_AMS',
])
  void document.fonts.load(face).catch(() => undefined);

const root = document.getElementById('app');
if (root) {
  // A language model (a lesson of the ladder, or such an experiment in the link) has a lab of its own,
  // and a GPT another.
  const lab = isGptLink(location.search)
    ? new GptLab(root, location.search, navigator.language)
    : isLmLink(location.search)
      ? new LmLab(root, location.search, navigator.language)
      : new Lab(root, location.search, navigator.language);
  // The benchmark and the end-to-end tests read render timings from here.
  (window as unknown as { unhaLab: Lab | LmLab | GptLab }).unhaLab = lab;
}
