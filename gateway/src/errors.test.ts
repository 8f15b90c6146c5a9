import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { formatGatewayError } from './errors.ts';

describe('the errors the gateway sends', () => {
  const format = formatGatewayError();

  it('relays a subgraph error with its code, without naming the subgraph', () => {
    const relayed = { message: '"id" is not a valid id.', path: ['asset'], extensions: { code: 'BAD_USER_INPUT', serviceName: 'catalog' } };
    expect(format(relayed, new GraphQLError(relayed.message))).toEqual({ message: '"id" is not a valid id.', path: ['asset'], extensions: { code: 'BAD_USER_INPUT' } });
  });

  it('masks a fault of its own: no message, no stack, only the code', () => {
    const fault = new Error('connect ECONNREFUSED 10.0.0.7:5432 select * from gateway.api_key');
    const formatted = format({ message: fault.message, extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['Error: connect', '    at x.js:1'] } }, fault);
    expect(formatted).toEqual({ message: 'Internal server error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
  });

  it('keeps deliberate errors, minus any stack trace', () => {
    const error = new GraphQLError('Syntax Error: Query depth limit of 10 exceeded, found 12.', { extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
    expect(format({ message: error.message, extensions: { code: 'GRAPHQL_VALIDATION_FAILED', stacktrace: ['x'] } }, error)).toEqual({
      message: error.message,
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    });
  });
});
