import { randomBytes } from 'node:crypto';
import type { Database } from '@inventory/platform';
import { FEED_TOPICS, feedTopicsFor, isFeedTopic } from '@inventory/schema/feed';
import express, { Router, type Request, type Response } from 'express';
import type { Refuse } from '../http/graphql-error.ts';
import { deleteWebhook, enableWebhook, insertWebhook, listDeliveries, listWebhooks, redeliver, type WebhookRow } from './store.ts';
import { refuseWebhookUrl } from './targets.ts';

const ID = /^[1-9]\d{0,17}$/;
/** Webhooks one caller may register. */
const MAX_WEBHOOKS_PER_CALLER = 20;

const view = (row: WebhookRow) => ({
  id: row.id,
  url: row.url,
  topics: row.topics,
  enabled: row.enabled,
  disabledReason: row.disabledReason,
  consecutiveFailures: row.consecutiveFailures,
  createdAt: row.createdAt.toISOString(),
});

/**
 * `/webhooks`: a caller registers, lists, enables and deletes its own
 * webhooks and reads their delivery log; nobody sees another caller's. The
 * secret is shown once, when the webhook is created.
 */
export function webhookRoutes(db: Database, refuse: Refuse, production: boolean): Router {
  const router = Router();
  // A key bound to a list of registered operations runs those and nothing else.
  router.use((request, response, next) => {
    const bound = request.caller?.operations;
    if (bound) return refuse(response, 403, 'FORBIDDEN', `This key may run only ${bound.join(', ')}.`);
    next();
  });
  router.use(express.json({ limit: '64kb' }));
  const owner = (request: Request) => request.caller!.subject;
  const badInput = (response: Response, message: string) => refuse(response, 400, 'BAD_USER_INPUT', message);
  const notFound = (response: Response) => refuse(response, 404, 'NOT_FOUND', 'No such webhook of yours.');
  const param = (request: Request, name: string) => {
    const value = request.params[name];
    return typeof value === 'string' && ID.test(value) ? value : null;
  };

  router.post('/', async (request, response, next) => {
    try {
      const { url, topics } = (request.body ?? {}) as { url?: unknown; topics?: unknown };
      if (typeof url !== 'string') return badInput(response, '"url" is required: where deliveries are posted.');
      const refusal = refuseWebhookUrl(url, production);
      if (refusal) return badInput(response, `"url" ${refusal}.`);
      const allowed = feedTopicsFor(request.caller!.roles);
      if (!Array.isArray(topics) || topics.length === 0 || topics.some((topic) => typeof topic !== 'string')) {
        return badInput(response, `"topics" must be a non-empty list of feed topics (${allowed.join(', ')}).`);
      }
      const unknown = topics.filter((topic: string) => !isFeedTopic(topic));
      if (unknown.length > 0) return badInput(response, `Unknown topic ${unknown.join(', ')}; the topics are ${FEED_TOPICS.join(', ')}.`);
      const denied = topics.filter((topic: string) => !allowed.includes(topic as never));
      if (denied.length > 0) return refuse(response, 403, 'FORBIDDEN', `Your role may not receive ${denied.join(', ')}.`);
      if ((await listWebhooks(db, owner(request))).length >= MAX_WEBHOOKS_PER_CALLER) {
        return refuse(response, 409, 'CONFLICT', `At most ${MAX_WEBHOOKS_PER_CALLER} webhooks per caller; delete one first.`);
      }
      const secret = `whsec_${randomBytes(32).toString('base64')}`;
      const created = await insertWebhook(db, owner(request), url, [...new Set(topics as string[])], secret);
      if (!created) return refuse(response, 409, 'CONFLICT', 'You already have a webhook for this URL.');
      response.status(201).json({ ...view(created), secret });
    } catch (error) {
      next(error);
    }
  });

  router.get('/', async (request, response, next) => {
    try {
      response.json({ webhooks: (await listWebhooks(db, owner(request))).map(view) });
    } catch (error) {
      next(error);
    }
  });

  router.delete('/:id', async (request, response, next) => {
    try {
      const id = param(request, 'id');
      if (!id || !(await deleteWebhook(db, owner(request), id))) return notFound(response);
      response.status(204).end();
    } catch (error) {
      next(error);
    }
  });

  router.post('/:id/enable', async (request, response, next) => {
    try {
      const id = param(request, 'id');
      const enabled = id ? await enableWebhook(db, owner(request), id) : null;
      if (!enabled) return notFound(response);
      response.json(view(enabled));
    } catch (error) {
      next(error);
    }
  });

  router.get('/:id/deliveries', async (request, response, next) => {
    try {
      const id = param(request, 'id');
      if (!id) return notFound(response);
      const limit = Number(request.query.limit ?? 50);
      if (!Number.isInteger(limit) || limit < 1 || limit > 200) return badInput(response, '"limit" must be an integer from 1 to 200.');
      if (!(await listWebhooks(db, owner(request))).some((webhook) => webhook.id === id)) return notFound(response);
      response.json({ deliveries: await listDeliveries(db, owner(request), id, limit) });
    } catch (error) {
      next(error);
    }
  });

  router.post('/:id/deliveries/:deliveryId/redeliver', async (request, response, next) => {
    try {
      const id = param(request, 'id');
      const deliveryId = param(request, 'deliveryId');
      if (!id || !deliveryId || !(await redeliver(db, owner(request), id, deliveryId))) return refuse(response, 404, 'NOT_FOUND', 'No such delivery of yours.');
      response.status(202).json({ status: 'PENDING' });
    } catch (error) {
      next(error);
    }
  });

  return router;
}
