export { ConfigError, EnvReader, readRuntimeMode, type Env, type RuntimeMode } from './config.ts';
export {
  Database,
  sqlState,
  violatedConstraint,
  type DatabaseOptions,
  type Queryable,
  type StatementEvent,
  type StatementObserver,
} from './database.ts';
export { badUserInput, forbidden, unauthenticated, userError, type UserError, type UserErrorCode } from './errors.ts';
export { maskUnexpectedErrors } from './error-masking.ts';
export { createApp, createHttpServer, jsonErrorHandler, listen, type RunningServer } from './http-server.ts';
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
export { requestIdOf, startSubgraphServer, type RequestInfo, type SubgraphServerOptions } from './subgraph-server.ts';
export { runSubgraphProcess } from './process.ts';
export { parseId, parseOptionalId, requireExactlyOne } from './ids.ts';
export { createPagedChildrenLoader, type PagedChildrenQuery } from './paged-loader.ts';
export { readSubgraphConfig, type SubgraphConfig } from './subgraph-config.ts';
export { createSubgraphSchema, readTypeDefs } from './subgraph-schema.ts';
