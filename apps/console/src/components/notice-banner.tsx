import { useState } from 'react';

export interface Notice {
  kind: 'success' | 'error';
  text: string;
  warnings?: string[];
  /** A secret the server generated: this notice is the only place it is ever shown. */
  generatedSecret?: string;
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
        {notice.generatedSecret && <GeneratedSecret secret={notice.generatedSecret} />}
      </div>
      <button type="button" className="link-button" onClick={onDismiss} aria-label="Dismiss message">
        ✕
      </button>
    </div>
  );
}

/** The generated secret, once, in a read-only field that selects itself, with a copy button. */
function GeneratedSecret({ secret }: { secret: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="generated-secret">
      <label htmlFor="generated-secret">New secret — shown once: copy it now</label>
      <div className="inline">
        <input
          id="generated-secret"
          type="text"
          readOnly
          value={secret}
          onFocus={(event) => event.target.select()}
        />
        <button
          type="button"
          onClick={() =>
            navigator.clipboard?.writeText(secret).then(
              () => setCopied(true),
              () => undefined,
            )
          }
        >
          {copied ? 'Copied' : 'Copy'}
        </button>
      </div>
    </div>
  );
}
