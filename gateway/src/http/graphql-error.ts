import type { Response } from 'express';

/** Ends a request before GraphQL runs, with a GraphQL-shaped error body. */
export type Refuse = (response: Response, status: number, code: string, message: string, headers?: Record<string, string>) => void;

/** A `Refuse` that also tells `onRefuse` (metrics) the code of every refusal. */
export function createRefuse(onRefuse: (code: string) => void = () => undefined): Refuse {
  return (response, status, code, message, headers = {}) => {
    onRefuse(code);
    response.status(status).set(headers).json({ errors: [{ message, extensions: { code } }] });
  };
}
