import { bodoTableAdapter } from './bodo-table';
import { isBinary, type FormatAdapter } from './common';
import { curatorCsvAdapter, curatorYamlAdapter } from './curator';
import { jsonStatAdapter } from './jsonstat';
import { kristiansundMalekortAdapter } from './kristiansund-malekort';
import { ssbExtractAdapter } from './ssb-extract';

/** Every format the importer reads. Order breaks ties in detection: the more specific formats first. */
export const adapters: readonly FormatAdapter[] = [
  jsonStatAdapter,
  ssbExtractAdapter,
  curatorCsvAdapter,
  curatorYamlAdapter,
  kristiansundMalekortAdapter,
  bodoTableAdapter,
];

/** Below this, a guess is worse than asking the caller to name the format. */
export const DETECTION_THRESHOLD = 0.5;

export function findAdapter(name: string): FormatAdapter | undefined {
  return adapters.find((a) => a.name === name);
}

/** The adapter most confident about the text, or null when none is confident enough (or the text is binary). */
export function detectFormat(text: string): FormatAdapter | null {
  if (typeof text !== 'string' || isBinary(text)) return null;
  let best: FormatAdapter | null = null;
  let bestScore = DETECTION_THRESHOLD - Number.EPSILON;
  for (const adapter of adapters) {
    const score = adapter.detect(text);
    if (score > bestScore) {
      best = adapter;
      bestScore = score;
    }
  }
  return best;
}
