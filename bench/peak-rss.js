// Preloaded into a benchmarked child (node --import): at exit, writes the process's peak resident
// memory and its V8 heap to the file named by UNHA_PEAK_FILE, as one JSON line.
import { writeFileSync } from 'node:fs';
import { getHeapStatistics } from 'node:v8';

const file = process.env.UNHA_PEAK_FILE;
if (file) {
  process.on('exit', () => {
    const heap = getHeapStatistics();
    writeFileSync(
      file,
      JSON.stringify({
        // resourceUsage().maxRSS is in kilobytes.
        rssBytes: process.resourceUsage().maxRSS * 1024,
        heapBytes: heap.used_heap_size,
        heapTotalBytes: heap.total_heap_size,
      }),
    );
  });
}
