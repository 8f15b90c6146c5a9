const CODE = /^[A-Z][A-Z0-9_]{0,63}$/;

/** Whether `code` is a valid CI or relationship type code: capitals, digits and underscores. */
export function isTypeCode(code: string): boolean {
  return CODE.test(code);
}
