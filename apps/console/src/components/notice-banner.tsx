export interface Notice {
  kind: 'success' | 'error';
  text: string;
  warnings?: string[];
}

/** A page-level message (saved, deleted, failed) with the server's warnings listed under it. */
export function NoticeBanner({ notice, onDismiss }: { notice: Notice; onDismiss: () => void }) {
  return (
    <div className={`alert alert-${notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'}>
      <div>
        <p>{notice.text}</p>
        {notice.warnings && notice.warnings.length > 0 && (
          <ul className="warnings">
            {notice.warnings.map((warning) => (
              <li key={warning}>⚠ {warning}</li>
            ))}
          </ul>
        )}
      </div>
      <button type="button" className="link-button" onClick={onDismiss} aria-label="Dismiss message">
        ✕
      </button>
    </div>
  );
}
