/**
 * RFC 3261 §17.1.2 non-INVITE client transaction timers, in milliseconds. Tests shrink them;
 * a server keeps the defaults, which phones' own stacks expect.
 */
export interface SipTimers {
  /** RTT estimate: the first retransmission interval (Timer E's start). */
  readonly t1: number;
  /** Cap of the retransmission interval. */
  readonly t2: number;
  /** Timer F: how long the whole transaction may take. */
  readonly timerF: number;
}

export const DEFAULT_T1_MS = 500;
export const DEFAULT_T2_MS = 4000;

export const resolveTimers = (timers: Partial<SipTimers> = {}): SipTimers => {
  const t1 = timers.t1 ?? DEFAULT_T1_MS;
  const resolved = { t1, t2: timers.t2 ?? DEFAULT_T2_MS, timerF: timers.timerF ?? 64 * t1 };
  for (const [name, value] of Object.entries(resolved)) {
    if (!Number.isFinite(value) || value <= 0) throw new RangeError(`SIP timer ${name} must be > 0 ms`);
  }
  return resolved;
};

/**
 * Timer E's next interval. It doubles up to T2 while the phone is silent; once the phone has
 * answered provisionally the request is only repeated every T2 (§17.1.2.2), in case the final
 * answer gets lost.
 */
export const nextRetransmitInterval = (current: number, timers: SipTimers, proceeding: boolean): number =>
  proceeding ? timers.t2 : Math.min(2 * current, timers.t2);

/** When retransmissions go out, from the first transmission, for a phone that never answers. */
export const silentRetransmitTimes = (timers: SipTimers): number[] => {
  const times: number[] = [];
  let interval = timers.t1;
  for (let at = interval; at < timers.timerF; at += interval) {
    times.push(at);
    interval = nextRetransmitInterval(interval, timers, false);
  }
  return times;
};
