import { userError, type UserError } from '@inventory/platform';

/** Checks a delegation's people and period at `now`; every refusal found, each naming its input field. */
export function refuseDelegation(delegator: string, delegate: string, startsAt: Date, endsAt: Date, now: Date): UserError[] {
  const errors: UserError[] = [];
  if (delegate.trim() === '') errors.push(userError('INVALID_VALUE', 'Name the person who will decide.', ['input', 'delegate']));
  if (delegator.trim() === '') errors.push(userError('INVALID_VALUE', 'Name the approver who delegates.', ['input', 'delegator']));
  if (delegate.trim() !== '' && delegate.trim() === delegator.trim()) {
    errors.push(userError('INVALID_VALUE', 'An approver cannot delegate to themselves.', ['input', 'delegate']));
  }
  if (endsAt.getTime() <= startsAt.getTime()) errors.push(userError('INVALID_VALUE', 'The delegation must end after it starts.', ['input', 'endsAt']));
  else if (endsAt.getTime() <= now.getTime()) errors.push(userError('INVALID_VALUE', 'The delegation would already be over.', ['input', 'endsAt']));
  return errors;
}
