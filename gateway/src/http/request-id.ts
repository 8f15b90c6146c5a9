import type { RequestHandler } from 'express';
import { requestIdOf } from '@inventory/platform';

/** Gives every request an id (the client's `x-request-id` when well-formed) and echoes it in the response. */
export const assignRequestId: RequestHandler = (request, response, next) => {
  request.requestId = requestIdOf(request);
  response.setHeader('x-request-id', request.requestId);
  next();
};
