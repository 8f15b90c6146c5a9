/**
 * Whether a relationship type allowing `pairs` may link a source of type
 * `sourceTypeId` to a target of type `targetTypeId`. No pairs: any.
 */
export function isPairAllowed(
  pairs: readonly { sourceTypeId: string; targetTypeId: string }[],
  sourceTypeId: string,
  targetTypeId: string,
): boolean {
  return pairs.length === 0 || pairs.some((pair) => pair.sourceTypeId === sourceTypeId && pair.targetTypeId === targetTypeId);
}
