// An end reason is what a coordinator typed, or a code the server set itself (e.g. when an account is deleted).
const CODES = ['account_deleted', 'member_removed'];

export function endReasonText(reason: string, t: (key: string) => string): string {
  return CODES.includes(reason) ? t(`duos.endReasons.${reason}`) : reason;
}

/** The whole reason a duo stopped early: the listed reason (issue 13), then the coordinator's words; '' when none. */
export function duoEndReason(duo: { endReason?: string; endReasonCode?: string }, t: (key: string) => string): string {
  const parts = [duo.endReasonCode ? t(`outcomes.endReason.code.${duo.endReasonCode}`) : '', duo.endReason ? endReasonText(duo.endReason, t) : ''];
  return parts.filter(Boolean).join(' — ');
}
