/**
 * How an update input patches the current state: a key left out keeps the
 * old value, an explicit null clears it (where the field may be empty).
 */

/** Whether an update input names `key` at all (absent keeps the old value, null clears it). */
export function has<Input extends object>(input: Input, key: keyof Input): boolean {
  return Object.prototype.hasOwnProperty.call(input, key);
}

/**
 * The new value of a field in a patch: the old one when the input leaves the
 * field out (or sends null for a field that cannot be empty), else the given one.
 */
export function patched<Input extends object, Key extends keyof Input, Value>(
  input: Input,
  key: Key,
  current: Value,
  convert: (given: NonNullable<Input[Key]>) => Value,
  { nullable }: { nullable: boolean },
): Value {
  if (!has(input, key)) return current;
  const given = input[key];
  if (given === null || given === undefined) return nullable ? (null as Value) : current;
  return convert(given as NonNullable<Input[Key]>);
}
