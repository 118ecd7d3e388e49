import { FormEvent, useEffect, useState } from 'react';
import { fieldErrors, type Api } from '../lib/api';
import type { Route } from '../lib/router';
import type { ConnectorSummary, PreviewRequest, TestReport, Webhook } from '../lib/types';
import {
  emptyForm,
  FIELDS,
  formOf,
  FormState,
  inputOf,
  localErrors,
  SecretChange,
  withType,
} from '../lib/webhook-form';
import { ClientScopeField } from './client-scope-field';
import type { Catalog } from './console-shell';
import { ConfirmDialog } from './confirm-dialog';
import { DeliveryControlFields } from './delivery-control-fields';
import { EventPicker } from './event-picker';
import type { FilterChange } from './filter-editor';
import { describedBy, FieldErrors, FormField } from './form-field';
import { MessageEditor } from './message-editor';
import type { Notice } from './notice-banner';
import { PresetPicker } from './preset-picker';
import { SecretField } from './secret-field';
import { TestReportView } from './test-report-view';

interface Props {
  api: Api;
  catalog: Catalog;
  /** null: create a new webhook. */
  cuid: string | null;
  navigate: (route: Route) => void;
  onSaved: (route: Route, notice: Notice) => void;
}

type Errors = { byField: Record<string, string[]>; other: string[] };
const NO_ERRORS: Errors = { byField: {}, other: [] };

/** Create (starting from a preset) or edit one webhook, test its connection, or delete it. */
export function WebhookEditor({ api, catalog, cuid, navigate, onSaved }: Props) {
  const [saved, setSaved] = useState<Webhook | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [form, setForm] = useState<FormState | null>(null);
  const [secret, setSecret] = useState<SecretChange>(cuid ? { mode: 'keep' } : { mode: 'set', value: '' });
  const [errors, setErrors] = useState<Errors>(NO_ERRORS);
  const [saving, setSaving] = useState(false);
  const [testing, setTesting] = useState(false);
  const [report, setReport] = useState<TestReport | null>(null);
  const [testErrors, setTestErrors] = useState<string[]>([]);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [sampleEvent, setSampleEvent] = useState<PreviewRequest['event'] | null>(null);

  useEffect(() => {
    if (!cuid) return;
    api
      .webhook(cuid)
      .then((webhook) => {
        setSaved(webhook);
        setForm(formOf(webhook));
      })
      .catch((error: Error) => setLoadError(error.message));
  }, [api, cuid]);

  const connector = (type: string | undefined) => catalog.connectors.find((entry) => entry.type === type);

  function choosePreset(next: ConnectorSummary) {
    setForm((current) => (current ? withType(current, connector(current.type), next) : emptyForm(next)));
  }

  function update(patch: Partial<FormState>) {
    setForm((current) => current && { ...current, ...patch });
  }

  /** A changed filter is checked live, so what the last save said about it no longer applies. */
  function updateFilter(change: FilterChange) {
    update(change);
    setErrors(({ byField: { filter: _stale, ...byField }, other }) => ({ byField, other }));
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!form) return;
    const local = localErrors(form);
    if (Object.keys(local).length) return setErrors({ byField: local, other: [] });
    setSaving(true);
    setErrors(NO_ERRORS);
    try {
      const input = inputOf(form, secret);
      const result = cuid ? await api.update(cuid, input) : await api.create(input);
      onSaved(
        { page: 'edit', cuid: result.cuid },
        {
          kind: 'success',
          text: `${cuid ? 'Saved' : 'Created'} ${result.name}.`,
          warnings: result.warnings,
          generatedSecret: result.generatedSecret,
        },
      );
      if (cuid) {
        setSaved(result);
        setForm(formOf(result));
        setSecret({ mode: 'keep' });
      }
    } catch (error) {
      setErrors(fieldErrors(error, FIELDS));
    } finally {
      setSaving(false);
    }
  }

  /** An unchanged saved webhook is tested as stored (secret included, result logged); edits are tested as typed. */
  async function testConnection() {
    if (!form) return;
    setTesting(true);
    setReport(null);
    setTestErrors([]);
    try {
      const input = inputOf(form, secret);
      const unchanged = saved && secret.mode === 'keep' && same(input, inputOf(formOf(saved), secret));
      setReport(
        unchanged
          ? await api.testSaved(saved.cuid)
          : await api.testUnsaved({
              url: input.url,
              type: input.type,
              sslVerification: input.sslVerification,
              message: input.message,
              signatureScheme: input.signatureScheme,
              // A secret to be generated does not exist until the save: test unsigned meanwhile.
              ...(secret.mode === 'set' && secret.value !== '' ? { secret: secret.value } : {}),
            }),
      );
    } catch (error) {
      setTestErrors(fieldErrors(error, []).other);
    } finally {
      setTesting(false);
    }
  }

  async function remove() {
    if (!saved) return;
    setConfirmDelete(false);
    try {
      await api.remove(saved.cuid);
      onSaved({ page: 'list' }, { kind: 'success', text: `Deleted ${saved.name}.` });
    } catch (error) {
      setErrors({ byField: {}, other: [`Could not delete: ${(error as Error).message}`] });
    }
  }

  if (loadError) return <p className="alert alert-error">Could not load the webhook: {loadError}</p>;
  if (cuid && !form) return <p className="muted">Loading…</p>;

  const current = connector(form?.type);
  const chosenEvents = catalog.events.filter((entry) => form?.events.includes(entry.event));
  const sampleEvents = chosenEvents.length ? chosenEvents : catalog.events;
  // The preview and the filter check show the same sample: the one chosen, while the webhook has it.
  const sample = (sampleEvents.find((entry) => entry.event === sampleEvent) ?? sampleEvents[0])?.event;
  const byField = errors.byField;

  return (
    <section aria-labelledby="editor-title">
      <div className="page-head">
        <div>
          <BackLink navigate={navigate} />
          <h1 id="editor-title">{saved ? `Edit ${saved.name}` : 'New webhook'}</h1>
        </div>
        {saved && (
          <a
            className="button"
            href={`/admin/webhooks/${encodeURIComponent(saved.cuid)}/logs`}
            onClick={(event) => {
              event.preventDefault();
              navigate({ page: 'logs', cuid: saved.cuid });
            }}
          >
            Delivery logs
          </a>
        )}
      </div>
      <form onSubmit={save} noValidate className="editor">
        <div className="card">
          <PresetPicker connectors={catalog.connectors} value={form?.type ?? null} onChange={choosePreset} />
          {byField.type && <p className="field-error">{byField.type.join('; ')}</p>}
          {!form && <p className="muted">Choose where this webhook delivers to.</p>}
        </div>
        {form && (
          <>
            <div className="card grid-2">
              <FormField id="name" label="Name" errors={byField.name}>
                <input
                  type="text"
                  value={form.name}
                  maxLength={200}
                  onChange={(event) => update({ name: event.target.value })}
                  {...describedBy('name', false, byField.name)}
                />
              </FormField>
              <FormField
                id="url"
                label="URL"
                errors={byField.url}
                hint={
                  current && (
                    <>
                      {current.displayName} URLs look like <code>{current.urlHint}</code>
                    </>
                  )
                }
              >
                <input
                  type="url"
                  inputMode="url"
                  value={form.url}
                  placeholder={current?.urlHint}
                  onChange={(event) => update({ url: event.target.value })}
                  {...describedBy('url', Boolean(current), byField.url)}
                />
              </FormField>
              <SecretField
                storedMask={saved?.hasSecret ? saved.secret : null}
                change={secret}
                onChange={setSecret}
                errors={byField.secret}
              />
              <FormField
                id="signature-scheme"
                label="Signature scheme"
                errors={byField.signatureScheme}
                hint={
                  form.signatureScheme === 'ed25519' ? (
                    <>
                      Also signed with the server&apos;s Ed25519 key (<code>v1a</code>): receivers verify with
                      the public keys at <code>/.well-known/hookpost-signing-keys</code>, no secret needed.
                    </>
                  ) : (
                    'Signed with the secret (HMAC), when one is set.'
                  )
                }
              >
                <select
                  value={form.signatureScheme}
                  onChange={(event) =>
                    update({ signatureScheme: event.target.value as FormState['signatureScheme'] })
                  }
                  {...describedBy('signature-scheme', true, byField.signatureScheme)}
                >
                  <option value="hmac">HMAC (the secret)</option>
                  <option value="ed25519">Ed25519 (published keys)</option>
                </select>
              </FormField>
              <div className="field stack">
                <div className="check">
                  <input
                    type="checkbox"
                    checked={form.sslVerification}
                    onChange={(event) => update({ sslVerification: event.target.checked })}
                    {...describedBy('ssl-verification', true, byField.sslVerification)}
                  />
                  <label htmlFor="ssl-verification">Verify TLS certificates</label>
                </div>
                <FieldErrors id="ssl-verification" errors={byField.sslVerification} />
                <p id="ssl-verification-hint" className="hint">
                  Turn off only for a receiver with a self-signed certificate.
                </p>
                <div className="check">
                  <input
                    type="checkbox"
                    checked={form.enabled}
                    onChange={(event) => update({ enabled: event.target.checked })}
                    {...describedBy('enabled', false, byField.enabled)}
                  />
                  <label htmlFor="enabled">Enabled</label>
                </div>
                <FieldErrors id="enabled" errors={byField.enabled} />
              </div>
            </div>
            <section className="card" aria-labelledby="test-title">
              <div className="label-row">
                <h2 id="test-title" className="section-title">
                  Connection test
                </h2>
              </div>
              <div className="inline">
                <button type="button" onClick={testConnection} disabled={testing || !form.url.trim()}>
                  {testing ? 'Testing…' : 'Test connection'}
                </button>
                <span className="hint">
                  Sends a signed WebhookTest message to the URL{' '}
                  {saved
                    ? '(an unchanged webhook is tested as saved, and the test is logged)'
                    : 'as typed above'}
                  .
                </span>
              </div>
              {testErrors.length > 0 && (
                <div className="alert alert-error test-result" role="alert">
                  <div>
                    <p>The test could not run:</p>
                    <ul>
                      {testErrors.map((message) => (
                        <li key={message}>{message}</li>
                      ))}
                    </ul>
                  </div>
                </div>
              )}
              {report && <TestReportView report={report} />}
            </section>
            <div className="card grid-2">
              <div>
                <EventPicker
                  catalog={catalog.events}
                  events={form.events}
                  onEvents={(events) => update({ events })}
                  statusesText={form.statusesText}
                  onStatuses={(statusesText) => update({ statusesText })}
                  errors={byField}
                />
              </div>
              <ClientScopeField
                allClients={form.allClients}
                clientText={form.clientText}
                onChange={update}
                errors={byField.clientCuids}
              />
            </div>
            <DeliveryControlFields
              key={saved?.updatedAt}
              api={api}
              form={form}
              onChange={update}
              onFilterChange={updateFilter}
              events={sampleEvents}
              sampleEvent={sample}
              onSampleEvent={setSampleEvent}
              errors={byField}
            />
            <div className="card">
              <MessageEditor
                api={api}
                value={form.message}
                onChange={(message) => update({ message })}
                defaultMessage={current?.defaultMessage}
                type={form.type}
                url={form.url}
                signatureScheme={form.signatureScheme}
                events={sampleEvents}
                sampleEvent={sample}
                onSampleEvent={setSampleEvent}
                errors={byField.message}
              />
            </div>
            {errors.other.length > 0 && (
              <div className="alert alert-error" role="alert">
                <ul>
                  {errors.other.map((message) => (
                    <li key={message}>{message}</li>
                  ))}
                </ul>
              </div>
            )}
            {Object.keys(byField).length > 0 && (
              <p className="alert alert-error" role="alert">
                Please correct the highlighted fields.
              </p>
            )}
            <div className="action-bar">
              <button type="submit" className="primary" disabled={saving}>
                {saving ? 'Saving…' : cuid ? 'Save changes' : 'Create webhook'}
              </button>
              <button type="button" className="link-button" onClick={() => navigate({ page: 'list' })}>
                Cancel
              </button>
              {saved && (
                <button
                  type="button"
                  className="danger-outline push-right"
                  onClick={() => setConfirmDelete(true)}
                >
                  Delete webhook
                </button>
              )}
            </div>
          </>
        )}
      </form>
      {confirmDelete && saved && (
        <ConfirmDialog
          title={`Delete ${saved.name}?`}
          body="Its configuration and pending deliveries are removed. This cannot be undone."
          confirmLabel="Delete webhook"
          onConfirm={remove}
          onCancel={() => setConfirmDelete(false)}
        />
      )}
    </section>
  );
}

function same(a: object, b: object): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function BackLink({ navigate }: { navigate: (route: Route) => void }) {
  return (
    <a
      className="back-link"
      href="/admin/"
      onClick={(event) => {
        event.preventDefault();
        navigate({ page: 'list' });
      }}
    >
      ← All webhooks
    </a>
  );
}
