import type { TestReport } from '../lib/types';

/** Test connection's answer: the verdict, every check with its detail, then warnings and the error. */
export function TestReportView({ report }: { report: TestReport }) {
  return (
    <div className={`test-report test-result ${report.ok ? 'test-ok' : 'test-bad'}`} role="status">
      <h3>
        {report.ok ? '✔ Connection works' : '✖ Connection failed'}
        <span className="muted small">
          {' '}
          {report.statusCode !== null ? `HTTP ${report.statusCode} · ` : ''}
          {report.durationMs} ms
        </span>
      </h3>
      <ul className="checks-list">
        {report.checks.map((check) => (
          <li key={check.name} className={check.ok ? 'check-ok' : 'check-bad'}>
            <span className="check-mark" aria-hidden="true">
              {check.ok ? '✔' : '✖'}
            </span>
            <span className="check-name">{check.name}</span>
            <span className="visually-hidden">{check.ok ? 'passed' : 'failed'}</span>
            <span className="check-detail">{check.detail}</span>
          </li>
        ))}
      </ul>
      {report.warnings.length > 0 && (
        <ul className="warnings">
          {report.warnings.map((warning) => (
            <li key={warning}>⚠ {warning}</li>
          ))}
        </ul>
      )}
      {report.error && <p className="alert alert-error">{report.error}</p>}
    </div>
  );
}
