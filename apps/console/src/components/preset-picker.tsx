import type { ConnectorSummary } from '../lib/types';

interface Props {
  connectors: ConnectorSummary[];
  value: string | null;
  onChange: (connector: ConnectorSummary) => void;
}

/** Destination presets as a radio group: arrow keys move between them, each shows what its URL looks like. */
export function PresetPicker({ connectors, value, onChange }: Props) {
  return (
    <fieldset className="presets">
      <legend>Destination</legend>
      <div className="preset-grid">
        {connectors.map((connector) => {
          const id = `preset-${connector.type}`;
          return (
            <div key={connector.type} className={`preset${value === connector.type ? ' preset-on' : ''}`}>
              <input
                type="radio"
                id={id}
                name="preset"
                value={connector.type}
                checked={value === connector.type}
                onChange={() => onChange(connector)}
              />
              <label htmlFor={id}>
                <span className="preset-name">{connector.displayName}</span>
                <span className="preset-description">{connector.description}</span>
                <code className="preset-hint">{connector.urlHint}</code>
              </label>
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}
