import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import {
  AssessmentSubmittedEvent,
  FindingPublishedEvent,
  HookpostDomainEvent,
  ReportPublishedEvent,
  ReportStatusChangedEvent,
  SchedulerEngagementSubmittedEvent,
  type EventAccepted,
  type EventInit,
} from '@hookpost/core';

export interface Client {
  id: number;
  cuid: string;
  name: string;
}

export interface Report {
  id: number;
  cuid: string;
  name: string;
  status: string;
  url?: string;
  customFields?: { label: string; value: string }[];
}

export interface Finding {
  id: number;
  cuid: string;
  title: string;
  severity: string;
  url?: string;
}

export interface Actor {
  cuid: string;
  name: string;
}

/**
 * How an upstream module (reports, findings, assessments, scheduler) tells Hookpost about its events:
 * build a typed event and `emitAsync` it on the Nest event bus. The promise resolves once Hookpost
 * has stored the event and its deliveries, so the caller knows nothing will be lost.
 */
@Injectable()
export class ExampleUpstreamService {
  constructor(private readonly events: EventEmitter2) {}

  publishReport(actor: Actor, client: Client, report: Report) {
    return this.emit(new ReportPublishedEvent(reportEvent(actor, client, report)));
  }

  changeReportStatus(actor: Actor, client: Client, report: Report) {
    return this.emit(new ReportStatusChangedEvent(reportEvent(actor, client, report)));
  }

  /** One finding gives `targetCuid` and `findingId`; several give `targetCuids`. */
  publishFindings(actor: Actor, client: Client, report: Report, findings: Finding[]) {
    const [first] = findings;
    const target =
      findings.length === 1
        ? { targetCuid: first.cuid, findingId: first.id }
        : { targetCuids: findings.map((f) => f.cuid) };
    return this.emit(
      new FindingPublishedEvent({
        actorCuid: actor.cuid,
        clientCuid: client.cuid,
        clientId: client.id,
        reportId: report.id,
        ...target,
        context: { actor, client, report, finding: first },
      }),
    );
  }

  submitAssessment(
    actor: Actor,
    client: Client,
    report: Report,
    assessment: { id: number; cuid: string; name: string },
  ) {
    return this.emit(
      new AssessmentSubmittedEvent({
        actorCuid: actor.cuid,
        clientCuid: client.cuid,
        targetCuid: assessment.cuid,
        clientId: client.id,
        reportId: report.id,
        assessmentId: assessment.id,
        context: { actor, client, report, assessment },
      }),
    );
  }

  requestEngagement(actor: Actor, client: Client, engagement: { cuid: string; name: string }) {
    return this.emit(
      new SchedulerEngagementSubmittedEvent({
        actorCuid: actor.cuid,
        clientCuid: client.cuid,
        targetCuid: engagement.cuid,
        clientId: client.id,
        context: { actor, client, engagement },
      }),
    );
  }

  private async emit(event: HookpostDomainEvent): Promise<EventAccepted> {
    const [accepted] = (await this.events.emitAsync(event.event, event)) as EventAccepted[];
    return accepted;
  }
}

function reportEvent(actor: Actor, client: Client, report: Report): EventInit {
  return {
    actorCuid: actor.cuid,
    clientCuid: client.cuid,
    targetCuid: report.cuid,
    clientId: client.id,
    reportId: report.id,
    status: report.status,
    context: { actor, client, report },
  };
}
