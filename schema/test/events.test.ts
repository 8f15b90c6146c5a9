import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EVENT_PAYLOADS, EventPayloadError, TOPICS, isTopic, parseEventPayload, subscribe, type Topic } from '../events.ts';
import { FEED_PAYLOADS, FEED_TOPICS, isFeedTopic, parseFeedPayload, type FeedTopic } from '../feed.ts';

/** Each `## ` section of events.md that names topics, with the JSON examples under it. */
function documentedSections(): { topics: string[]; examples: Record<string, unknown>[] }[] {
  const markdown = readFileSync(new URL('../events.md', import.meta.url), 'utf8');
  return markdown
    .split(/^## /m)
    .slice(1)
    .map((section) => {
      const heading = section.split('\n', 1)[0]!;
      const topics = [...heading.matchAll(/`([a-z_]+\.[a-z_.]+)`/g)].map((match) => match[1]!);
      const examples = [...section.matchAll(/```json\n([\s\S]*?)```/g)].map((match) => JSON.parse(match[1]!) as Record<string, unknown>);
      return { topics, examples };
    })
    .filter((section) => section.topics.length > 0);
}

const keysOf = (topic: Topic) => Object.keys(EVENT_PAYLOADS[topic].shape).sort();
const feedKeysOf = (topic: FeedTopic) => Object.keys(FEED_PAYLOADS[topic].shape).sort();

/** Whether `example` is a valid `topic` payload that carries its required fields. */
function safeFeed(topic: FeedTopic, example: Record<string, unknown>): boolean {
  try {
    return JSON.stringify(parseFeedPayload(topic, example)) === JSON.stringify(example);
  } catch {
    return false;
  }
}

describe('the event contracts', () => {
  it('document exactly the topics the module defines', () => {
    const documented = documentedSections().flatMap((section) => section.topics);
    expect([...documented].sort()).toEqual([...TOPICS, ...FEED_TOPICS].sort());
  });

  it('give every documented topic an example with exactly its payload fields, which its parser accepts', () => {
    for (const { topics, examples } of documentedSections()) {
      for (const topic of topics) {
        if (isFeedTopic(topic)) {
          // Every field of the contract appears in some example, and each example passes the parser.
          const covered = new Set(examples.flatMap((example) => (safeFeed(topic, example) ? Object.keys(example) : [])));
          expect([...covered].sort(), `examples of ${topic} covering the fields ${feedKeysOf(topic).join(', ')}`).toEqual(feedKeysOf(topic));
          continue;
        }
        if (!isTopic(topic)) throw new Error(`events.md documents ${topic}, which events.ts does not define`);
        const example = examples.find((candidate) => JSON.stringify(Object.keys(candidate).sort()) === JSON.stringify(keysOf(topic)));
        expect(example, `an example of ${topic} with the fields ${keysOf(topic).join(', ')}`).toBeDefined();
        expect(parseEventPayload(topic, example)).toEqual(example);
      }
    }
  });

  it('refuse a payload that breaks its contract, naming the field', () => {
    expect(() => parseEventPayload('catalog.asset.saved', { assetId: 'seven' })).toThrow(EventPayloadError);
    expect(() => parseEventPayload('catalog.asset.saved', { assetId: 'seven' })).toThrow(/assetId/);
  });

  it('drop fields a consumer does not know, so producers may add fields', () => {
    const section = documentedSections().find((candidate) => candidate.topics.includes('approvals.request.decided'));
    const parsed = parseEventPayload('approvals.request.decided', { ...section!.examples[0], addedLater: true });
    expect(parsed).not.toHaveProperty('addedLater');
  });

  it('dispatch each topic to its handler with the parsed payload and hand malformed ones to onMalformed', async () => {
    const seen: string[] = [];
    const subscription = subscribe(
      { 'catalog.asset.saved': async (_tx, payload) => void seen.push(`asset ${payload.assetId}`) },
      (event, error) => seen.push(`malformed ${event.id}: ${error.name}`),
    );
    expect(subscription.topics).toEqual(['catalog.asset.saved']);
    const event = (id: string, payload: unknown) => ({ id, topic: 'catalog.asset.saved', payload, producer: 'catalog', requestId: null, createdAt: new Date() });
    const tx = { query: async () => [] };
    await subscription.handle(tx, event('1', { assetId: '7', partNumberId: '3', serialNumber: 'SN-7', status: 'AVAILABLE', condition: 'NEW', modelId: null, project: null, version: '2026-03-01T09:30:00.123456Z' }));
    await subscription.handle(tx, event('2', { assetId: '7' }));
    expect(seen).toEqual(['asset 7', 'malformed 2: EventPayloadError']);
  });
});
