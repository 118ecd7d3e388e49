import type { OnApplicationShutdown } from '@nestjs/common';
import type { Tracer } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import type { HookpostConfig } from '../config/hookpost-config';
import { HOOKPOST_VERSION } from '../version';

/** Injection token of the process's `Tracing`. */
export const TRACING = Symbol('Tracing');

/**
 * This app's OpenTelemetry tracer, or none. The provider is the app's own and never registered
 * globally, so an application embedding Hookpost keeps its own, and test apps in one process stay apart.
 */
export class Tracing implements OnApplicationShutdown {
  static readonly off = new Tracing(null, null);

  private constructor(
    /** Null when tracing is off: callers then skip spans and `traceparent` altogether, so it costs nothing. */
    readonly tracer: Tracer | null,
    private readonly provider: BasicTracerProvider | null,
  ) {}

  /**
   * Spans go to `processor` when one is given (tests: an in-memory exporter), else to the OTLP
   * collector when one is configured (`OTEL_EXPORTER_OTLP_ENDPOINT` or `…_TRACES_ENDPOINT`);
   * otherwise tracing is off.
   */
  static async create(settings: HookpostConfig['tracing'], processor?: SpanProcessor): Promise<Tracing> {
    if (!processor && !settings.tracesUrl) return Tracing.off;
    const provider = new BasicTracerProvider({
      resource: resourceFromAttributes({
        [ATTR_SERVICE_NAME]: settings.serviceName,
        [ATTR_SERVICE_VERSION]: HOOKPOST_VERSION,
      }),
      spanProcessors: [processor ?? new BatchSpanProcessor(await otlpExporter(settings.tracesUrl!))],
    });
    return new Tracing(provider.getTracer('hookpost', HOOKPOST_VERSION), provider);
  }

  /** Sends what is still buffered, then stops. */
  async onApplicationShutdown(): Promise<void> {
    await this.provider?.shutdown();
  }
}

/** OTLP over HTTP (protobuf), posted to `url` (the configuration resolved it). */
async function otlpExporter(url: string): Promise<SpanExporter> {
  // Loaded only when tracing is on: the exporter and its protobuf encoder are most of OpenTelemetry's weight.
  const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-proto');
  return new OTLPTraceExporter({ url });
}
