import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { ApolloServerPlugin } from '@apollo/server';
import type { ValidationRule } from 'graphql';
import type { RuntimeMode } from '@inventory/platform';
import type { QueryLimits } from './config.ts';
import type { GatewayContext } from './context.ts';

/**
 * Depth, alias, directive and cost limits from graphql-armor, and a token
 * limit in graphql-js's parser, checked
 * before any plan is made or subgraph called. The refusal names the limit
 * and the value found. Field suggestions ("did you mean") are withheld in
 * production, where they would help an attacker map the schema.
 */
export function queryLimits(
  limits: QueryLimits,
  mode: RuntimeMode,
): { validationRules: ValidationRule[]; plugins: ApolloServerPlugin<GatewayContext>[]; parseOptions: { maxTokens: number } } {
  const armor = new ApolloArmor({
    maxDepth: { n: limits.maxDepth, ignoreIntrospection: true },
    maxAliases: { n: limits.maxAliases },
    maxDirectives: { n: limits.maxDirectives },
    // graphql-armor's token plugin throws on any syntax error (a 500); graphql-js's own
    // parser limit (`parseOptions` below) refuses the same documents as GRAPHQL_PARSE_FAILED.
    maxTokens: { enabled: false },
    costLimit: { maxCost: limits.maxCost, ignoreIntrospection: true },
    blockFieldSuggestion: { enabled: mode === 'production' },
  });
  const protection = armor.protect();
  return {
    validationRules: protection.validationRules as ValidationRule[],
    plugins: protection.plugins as ApolloServerPlugin<GatewayContext>[],
    parseOptions: { maxTokens: limits.maxTokens },
  };
}
