import { useEffect, useId, useState, useSyncExternalStore } from 'react';
import { useApp, useServices } from '../store/use-app.ts';
import { downloadText } from './download.ts';
import { shareLinksFor, type ShareResult } from './share-links.ts';
import './share.css';

/** How long "link copied" stays (ms). */
const STATUS_MS = 5_000;

/**
 * `share`: the page's scenario as a link in the address bar and the
 * clipboard, confirmed in a status line (not an alert); for a scenario too
 * large for a link, a dialog that says so and offers the `.json` file
 * (`trace-file` loads it back). A failure is the store's role="alert".
 */
export function ShareButton() {
  const services = useServices();
  const links = shareLinksFor(services);
  const ready = useApp((s) => s.status === 'ready' && s.loading === null);
  const showAlert = useApp((s) => s.showAlert);
  const notice = useSyncExternalStore(links.subscribeNotice, links.notice);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ShareResult | null>(null);

  useEffect(() => {
    if (result?.kind !== 'link') return;
    const timer = setTimeout(() => setResult(null), STATUS_MS);
    return () => clearTimeout(timer);
  }, [result]);

  const share = async () => {
    setBusy(true);
    setResult(null);
    try {
      const outcome = await links.share();
      if (outcome.kind === 'error') showAlert(outcome.message);
      else setResult(outcome);
    } catch (e) {
      showAlert(`the link could not be made: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setBusy(false);
    }
  };

  const status = result?.kind === 'link' ? (result.copied ? 'link copied' : 'link in the address bar (the clipboard was not available: copy it from there)') : (notice ?? '');
  return (
    <div className="share">
      <button
        type="button"
        className="text-button"
        data-testid="share"
        disabled={!ready || busy}
        onClick={() => void share()}
        title="Put a link to this heap, step, selection and view in the address bar and the clipboard"
      >
        share
      </button>
      <span className="share-status" role="status" data-testid="share-status" title={status}>
        {status}
      </span>
      {result?.kind === 'file' && <ShareFileDialog result={result} onClose={() => setResult(null)} />}
    </div>
  );
}

function ShareFileDialog({ result, onClose }: { result: Extract<ShareResult, { kind: 'file' }>; onClose: () => void }) {
  const titleId = useId();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  return (
    <div className="dialog-backdrop" onClick={onClose}>
      <div className="dialog share-dialog" role="dialog" aria-modal="true" aria-labelledby={titleId} data-testid="share-file" onClick={(e) => e.stopPropagation()}>
        <div className="dialog-head">
          <h2 id={titleId}>Too large for a link</h2>
          <button type="button" className="icon-button" aria-label="close" onClick={onClose}>
            ×
          </button>
        </div>
        <p className="share-message">{result.message}</p>
        <p className="share-hint">The file opens again with “Open trace…”, at the same step, selection and view.</p>
        <div className="share-actions">
          <button
            type="button"
            className="text-button"
            data-testid="share-download"
            autoFocus
            onClick={() => {
              downloadText(result.fileName, result.text());
              onClose();
            }}
          >
            download {result.fileName}
          </button>
        </div>
      </div>
    </div>
  );
}
