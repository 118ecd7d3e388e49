/** One benchmark event: `key` travels as the payload's targetCuid, so the receiver can report it back. */
export interface BenchEvent {
  key: string;
  clientCuid: string;
}

/** The intake body (DESIGN §4) every producer in the benchmark sends: Hookpost, the relay, the bus. */
export type EventBody = ReturnType<typeof eventBody>;

let serial = 0;

/** A realistic event: ids plus the context the default template (`%CLIENT_NAME%||%REPORT_NAME%`) uses. */
export function eventBody({ key, clientCuid }: BenchEvent) {
  const id = ++serial;
  return {
    event: 'ReportPublished' as const,
    actorCuid: 'bench-actor',
    clientCuid,
    targetCuid: key,
    clientId: 7,
    reportId: id,
    status: 'Published',
    context: {
      actor: { cuid: 'bench-actor', name: 'Bench Runner' },
      client: { id: 7, cuid: clientCuid, name: 'Acme Corp' },
      report: { id, cuid: key, name: `Quarterly pentest ${id}`, status: 'Published' },
    },
  };
}
