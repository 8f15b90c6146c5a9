export { ConfigError, EnvReader, readRuntimeMode, type Env, type RuntimeMode } from './config.ts';
export {
  Database,
  DatabaseUnavailableError,
  StatementCancelledError,
  isDatabaseUnavailable,
  sqlState,
  violatedConstraint,
  type DatabaseOptions,
  type Queryable,
  type StatementEvent,
  type StatementObserver,
} from './database.ts';
export { badUserInput, forbidden, unauthenticated, userError, type UserError, type UserErrorCode } from './errors.ts';
export { SERVICE_UNAVAILABLE, isDeliberate, logUnexpectedErrors, maskUnexpectedErrors } from './error-masking.ts';
export { beginClosing, createApp, createHttpServer, jsonErrorHandler, listen, type RunningServer } from './http-server.ts';
export { createLogger, silentLogger, type Logger, type LogLevel } from './logger.ts';
export {
  DEFAULT_PAGE_SIZE,
  MAX_PAGE_SIZE,
  decodeCursor,
  encodeCursor,
  pageSize,
  toConnection,
  type Connection,
  type Edge,
  type PageArgs,
  type PageInfo,
} from './pagination.ts';
export { batchByKey, groupByKey } from './batch.ts';
export { DateScalar, DateTimeScalar, DecimalScalar, JSONScalar, normalizeDecimal, scalarResolvers } from './scalars.ts';
export { requestIdOf, startSubgraphServer, type BackgroundTask, type RequestInfo, type SubgraphServerOptions } from './subgraph-server.ts';
export { runProcess, runSubgraph, SHUTDOWN_DRAIN_LIMIT_MS, whenPromoted } from './process.ts';
export { isDatabaseId, parseId, parseOptionalId, requireExactlyOne } from './ids.ts';
export { createPagedChildrenLoader, type PagedChildrenQuery } from './paged-loader.ts';
export { developmentSigningSecret, readSigningSecret, readSubgraphConfig, type SubgraphConfig, type SubgraphServerConfig } from './subgraph-config.ts';
export { createSubgraphSchema, readTypeDefs } from './subgraph-schema.ts';
export { ROLES, hasRole, isRole, requireRole, type Caller, type Role } from './caller.ts';
export { DEFAULT_MAX_AGE_MS, SIGNED_HEADERS, signRequest, verifySignedRequest, type SignedIdentity, type VerifiedSignature } from './signed-request.ts';
export { memoryReplayGuard, redisReplayGuard, type ReplayGuard } from './replay-guard.ts';
export { closeRedis, connectRedis } from './redis.ts';
export { recordAudit, type AuditEntry, type AuditSchema } from './audit.ts';
export {
  EventCatchUp,
  findUnappliedEvents,
  OUTBOX_CHANNEL,
  OutboxConsumer,
  publishEvent,
  readUnappliedEvents,
  requestIdOfEvent,
  type CatchUpOutcome,
  type ConsumerSchema,
  type EventCatchUpOptions,
  type EventSubjects,
  type OutboxConsumerOptions,
  type OutboxEvent,
} from './outbox.ts';
export { contextFromHeaders, injectTraceContext, startTracing, traceRequests, tracer } from './tracing.ts';
export { createSubgraphMetrics, registerPoolGauge } from './metrics.ts';
export {
  Refusal,
  refuse,
  refuseIf,
  refused,
  runCommand,
  userErrorsOf,
  type Actor,
  type CommandResult,
  type TransactionalDb,
  type Violations,
} from './command.ts';
export { PeriodicTask, type FirstRun, type PeriodicTaskOptions } from './periodic-task.ts';
export { compareDecimals, decimalPlaces, fitsNumeric, fromMicros, hasAtMostDecimalPlaces, isDecimal, isStorableDecimal, multiplyDecimals, toMicros } from './decimal.ts';
export { withSavepoint } from './savepoint.ts';
export { MAX_PATTERN_LENGTH, MAX_PATTERN_SIZE, compilePattern, type ValuePattern } from './patterns.ts';
export { currentRequestScope, runInRequestScope, type RequestScope } from './request-scope.ts';
