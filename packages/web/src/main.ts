import 'katex/dist/katex.min.css';
import './styles.css';
import { Lab } from './lab';

const root = document.getElementById('app');
if (root) {
  const lab = new Lab(root, location.search, navigator.language);
  // The benchmark and the end-to-end tests read render timings from here.
  (window as unknown as { unhaLab: Lab }).unhaLab = lab;
}
