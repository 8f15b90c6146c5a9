import { context, propagation, SpanKind, SpanStatusCode, trace, type Context } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { RequestHandler } from 'express';

/** The tracer every part of this code base records spans with (a no-op until `startTracing`). */
export const tracer = trace.getTracer('inventory');

/**
 * Exports spans over OTLP/HTTP to `endpoint` (the collector's base URL, as in
 * OTEL_EXPORTER_OTLP_ENDPOINT) as service `serviceName`, with W3C trace
 * context propagation. Apollo Gateway's own spans (plan, execute, fetch)
 * join the same traces. Returns the function that flushes and stops it.
 */
export function startTracing(serviceName: string, endpoint: string): () => Promise<void> {
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': serviceName }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: `${endpoint.replace(/\/$/, '')}/v1/traces` }))],
  });
  provider.register();
  return () => provider.shutdown();
}

/** The trace context a caller sent in its `traceparent` header. */
export function contextFromHeaders(headers: Record<string, string | string[] | undefined>): Context {
  return propagation.extract(context.active(), headers);
}

/** Adds the current trace context (`traceparent`) to outgoing request headers. */
export function injectTraceContext(headers: Record<string, string>): Record<string, string> {
  const carrier: Record<string, string> = { ...headers };
  propagation.inject(context.active(), carrier);
  return carrier;
}

/**
 * Express middleware: one server span per request, continuing the caller's
 * trace, active for everything the request does (subgraph calls, SQL).
 */
export function traceRequests(name: string): RequestHandler {
  return (request, response, next) => {
    const parent = contextFromHeaders(request.headers);
    const path = request.originalUrl.split('?')[0];
    const span = tracer.startSpan(`${name} ${request.method} ${path}`, { kind: SpanKind.SERVER }, parent);
    response.once('finish', () => {
      span.setAttribute('http.response.status_code', response.statusCode);
      if (response.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    });
    context.with(trace.setSpan(parent, span), next);
  };
}
