import { EventEmitter2 } from '@nestjs/event-emitter';
import { Pool } from 'undici';
import { ReportPublishedEvent, type EventAccepted } from '@hookpost/core';
import type { Service } from './service';

/** One benchmark event: `key` travels as the payload's targetCuid, so the receiver can report it back. */
export interface BenchEvent {
  key: string;
  clientCuid: string;
}

/** Sends events to the service the way a producer would: HTTP intake or the in-process event bus. */
export interface Emitter {
  emit(event: BenchEvent): Promise<EventAccepted>;
  close(): Promise<void>;
}

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

export function httpEmitter(service: Service, connections: number): Emitter {
  const pool = new Pool(service.baseUrl, { connections, pipelining: 1 });
  const headers = { authorization: `Bearer ${service.token}`, 'content-type': 'application/json' };
  return {
    async emit(event) {
      const response = await pool.request({
        method: 'POST',
        path: '/api/internal/events',
        headers,
        body: JSON.stringify(eventBody(event)),
      });
      const text = await response.body.text();
      if (response.statusCode !== 202) throw new Error(`intake answered ${response.statusCode}: ${text}`);
      return JSON.parse(text) as EventAccepted;
    },
    close: () => pool.close(),
  };
}

export function busEmitter(service: Service): Emitter {
  const bus = service.app!.get(EventEmitter2);
  return {
    async emit(event) {
      const typed = new ReportPublishedEvent(eventBody(event));
      const [accepted] = (await bus.emitAsync(typed.event, typed)) as EventAccepted[];
      return accepted;
    },
    close: async () => undefined,
  };
}
