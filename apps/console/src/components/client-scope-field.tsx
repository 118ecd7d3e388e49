import { describedBy, FieldErrors } from './form-field';

interface Props {
  allClients: boolean;
  clientText: string;
  onChange: (change: { allClients: boolean; clientText: string }) => void;
  errors?: string[];
}

/** PlexTrac's client scope: every client, or only the listed client cuids. */
export function ClientScopeField({ allClients, clientText, onChange, errors }: Props) {
  return (
    <fieldset className={`field${errors?.length ? ' field-invalid' : ''}`}>
      <legend>Clients</legend>
      <div className="inline">
        <div className="check">
          <input
            type="radio"
            id="clients-all"
            name="client-scope"
            checked={allClients}
            onChange={() => onChange({ allClients: true, clientText })}
          />
          <label htmlFor="clients-all">All clients</label>
        </div>
        <div className="check">
          <input
            type="radio"
            id="clients-some"
            name="client-scope"
            checked={!allClients}
            onChange={() => onChange({ allClients: false, clientText })}
          />
          <label htmlFor="clients-some">Only these clients</label>
        </div>
      </div>
      {!allClients && (
        <div className="field">
          <label htmlFor="client-cuids">Client cuids</label>
          <textarea
            rows={3}
            value={clientText}
            onChange={(event) => onChange({ allClients, clientText: event.target.value })}
            {...describedBy('client-cuids', true, errors)}
          />
          <p id="client-cuids-hint" className="hint">
            One per line or comma-separated.
          </p>
        </div>
      )}
      <FieldErrors id="client-cuids" errors={errors} />
    </fieldset>
  );
}
