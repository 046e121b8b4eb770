import { useState } from 'react';
import { t } from '../i18n';
import type { Lang } from '../state';

/** Copies a text to the clipboard and says so in a live region, for screen readers too. */
export function CopyButton({ text, label, lang, testId }: { text: () => string; label: string; lang: Lang; testId: string }) {
  const [said, setSaid] = useState('');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text());
      setSaid(t(lang, 'copied'));
    } catch {
      // Plain http from another machine has no clipboard API; the text stays on screen to select.
      setSaid(t(lang, 'copyFailed'));
    }
    window.setTimeout(() => setSaid(''), 4000);
  };
  return (
    <span className="copy">
      <button type="button" data-testid={testId} onClick={() => void copy()}>
        {label}
      </button>
      <span className="copy-status" role="status" aria-live="polite">
        {said}
      </span>
    </span>
  );
}
