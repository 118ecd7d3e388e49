import type { SecretChange } from '../lib/webhook-form';
import { describedBy, FieldErrors } from './form-field';

interface Props {
  /** The stored secret's mask, or null when none is stored (or the webhook is new). */
  storedMask: string | null;
  change: SecretChange;
  onChange: (change: SecretChange) => void;
  errors?: string[];
}

/** Write-only: the stored secret is never shown, only whether one is set; it can be replaced or removed. */
export function SecretField({ storedMask, change, onChange, errors }: Props) {
  const stored = storedMask !== null;
  return (
    <div className={`field${errors?.length ? ' field-invalid' : ''}`}>
      {change.mode === 'set' ? (
        <>
          <label htmlFor="secret">{stored ? 'New secret' : 'Secret (optional)'}</label>
          <div className="inline">
            <input
              type="password"
              autoComplete="new-password"
              value={change.value}
              onChange={(event) => onChange({ mode: 'set', value: event.target.value })}
              {...describedBy('secret', true, errors)}
            />
            {stored && (
              <button type="button" onClick={() => onChange({ mode: 'keep' })}>
                Keep current
              </button>
            )}
          </div>
          <p id="secret-hint" className="hint">
            Signs every delivery (X-Authorization-HMAC-256 and Standard Webhooks). Write-only: it is never
            shown again.{stored && ' The previous secret keeps signing for 24 h.'}
          </p>
        </>
      ) : (
        <>
          <span className="label" id="secret-label">
            Secret
          </span>
          <div className="inline" role="group" aria-labelledby="secret-label">
            {change.mode === 'clear' ? (
              <span className="badge badge-warn">will be removed on save</span>
            ) : stored ? (
              <span className="badge badge-ok" title={`Stored secret ${storedMask}`}>
                set
              </span>
            ) : (
              <span className="badge badge-idle">not set: deliveries are unsigned</span>
            )}
            <button type="button" onClick={() => onChange({ mode: 'set', value: '' })}>
              {stored ? 'Change secret' : 'Set secret'}
            </button>
            {stored && change.mode === 'keep' && (
              <button type="button" onClick={() => onChange({ mode: 'clear' })}>
                Remove secret
              </button>
            )}
            {change.mode === 'clear' && (
              <button type="button" onClick={() => onChange({ mode: 'keep' })}>
                Undo
              </button>
            )}
          </div>
        </>
      )}
      <FieldErrors id="secret" errors={errors} />
    </div>
  );
}
