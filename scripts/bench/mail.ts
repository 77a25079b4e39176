// The mail figures of issue 15: recipients a day for committee profiles against the consumer (100) and Workspace (1,500) quotas, and the acknowledgment delay under a flood of reports on a consumer account.
import type { SentMail } from '../../workbench';
import { answerNoConflict } from './operations';
import { CONFLICT_SHARE, createWorld, OPEN_SHARE, OPEN_WINDOW_DAYS, SPACE, type World } from './world';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
export const CONSUMER_RECIPIENTS = 100;
export const WORKSPACE_RECIPIENTS = 1500;

export interface MailProfile {
  id: 'small' | 'typical' | 'big' | 'stress';
  members: number;
  open: number;
}

/** The committee profiles; the stress world is the benchmark's 1,000-case world (200 open). */
export const MAIL_PROFILES: readonly MailProfile[] = [
  { id: 'small', members: 5, open: 5 },
  { id: 'typical', members: 15, open: 30 },
  { id: 'big', members: 30, open: 100 },
  { id: 'stress', members: 15, open: 200 },
];

/**
 * How often reports arrive: the benchmark's daily model (estimateDay in targets.ts: one report a day for the
 * 200-open-case committee, so cases stay open about 200 days) or the seeded worlds' (cases open 60 days).
 */
export type ReportRate = 'model' | 'seeded';
export const REPORT_RATES: Record<ReportRate, { openDays: number; label: string }> = {
  model: { openDays: 200, label: 'one report a day per 200 open cases (the daily model of the Targets section)' },
  seeded: { openDays: OPEN_WINDOW_DAYS, label: `cases open ${OPEN_WINDOW_DAYS} days (the seeded worlds)` },
};

export interface MailDayFigures {
  profile: MailProfile['id'];
  rate: ReportRate;
  members: number;
  open: number;
  days: number;
  /** New reports over the days (open cases / the days a case stays open, a day). */
  reports: number;
  /** Recipients per day, day 1 first. */
  perDay: number[];
  mean: number;
  max: number;
  /** Mean recipients a day by what the mail was. */
  byWhat: Record<string, number>;
}

export interface FloodFigures {
  members: number;
  junkReports: number;
  quota: number;
  /** Minutes from the real report to its urgent alert reaching the last member. */
  urgentAlertMinutes: number;
  /** Hours from the real report to its acknowledgment. */
  realAckHours: number;
  /** The longest any reporter waited for an acknowledgment (hours), and how many were past their 24 hours. */
  maxAckHours: number;
  acksLate: number;
  acks: number;
  /** Messages to the committee account saying mail waits. */
  ownerNotices: number;
  /** Messages still waiting at the end of the three days. */
  stillPending: number;
}

export interface MailFigures {
  days: MailDayFigures[];
  flood: FloodFigures | null;
}

function recipients(m: SentMail): number {
  return m.to.length + m.cc.length + m.bcc.length;
}

function whatOf(m: SentMail): string {
  if (/^\[Conduct Desk\] Reminders?:/.test(m.subject)) return 'reminder digests';
  if (/^Reminder/.test(m.subject)) return 'moderator reminders';
  if (/^We received your report$|status update|^Urgent/i.test(m.subject)) return 'reporters and urgent';
  if (/involves|^Access granted|conflict/i.test(m.subject)) return 'screening and access';
  return 'other';
}

/** Outbox rows still pending, read from the registry as the owner would. */
function pendingMessages(world: World): number {
  const sheet = world.ws.data.sheet(world.ids.registry, 'Outbox');
  const state = sheet.rows[0].indexOf('State');
  return sheet.rows.slice(1).filter((r) => r[state] === 'pending').length;
}

/** A report arrives (a reporter address on seven in ten) and the members without a conflict answer "no conflict". */
function reportAndScreen(world: World, n: number, danger = false): void {
  // Numbered within the world, so a profile's figures do not depend on which profiles ran before it.
  const reportSeq = n + 1;
  const withEmail = reportSeq % 10 < 7;
  world.ws.submitForm({
    ...(withEmail ? { 'Your email address': `mail-reporter${reportSeq}@example.net` } : {}),
    'Who was involved?': `Quorv Blandix${String.fromCharCode(65 + (reportSeq % 26))}${reportSeq}`,
    'Where did it happen?': SPACE,
    'What happened?': 'A description of what happened, in the reporter\u2019s words.',
    'Is anyone in immediate danger?': danger ? 'Yes' : 'No',
  });
  world.members.forEach((m, j) => {
    if ((n * 31 + j * 17) % 100 >= CONFLICT_SHARE * 100) answerNoConflict(world, m.email);
  });
}

/**
 * `days` days of a committee's life from the benchmark's steady state: the hourly sweep, new reports at the rate that
 * keeps `open` cases open for 60 days, each screened by the members without a conflict. Counted per virtual day.
 */
export function measureMailDays(profile: MailProfile, rate: ReportRate = 'model', days = 7): MailDayFigures {
  const world = createWorld({ cases: Math.round(profile.open / OPEN_SHARE), members: profile.members });
  const start = world.ws.rt.now();
  const firstMail = world.ws.mail().length;
  const perDayReports = profile.open / REPORT_RATES[rate].openDays;
  // At least one report in the week: a week without any would hide what a report costs.
  const reports = Math.max(1, Math.round(perDayReports * days));
  // Reports spread evenly over the days, in the afternoon of their day.
  const at = Array.from({ length: reports }, (_, i) => start + Math.floor(((i + 0.5) * days * DAY) / reports));
  for (let i = 0; i < reports; i++) {
    world.ws.advance(Math.max(0, at[i] - world.ws.rt.now()));
    reportAndScreen(world, i);
  }
  world.ws.advance(Math.max(0, start + days * DAY - world.ws.rt.now()));
  const mail = world.ws.mail().slice(firstMail);
  const perDay = Array.from({ length: days }, () => 0);
  const byWhat: Record<string, number> = {};
  for (const m of mail) {
    const d = Math.floor((m.at - start) / DAY);
    if (d < 0 || d >= days) continue;
    perDay[d] += recipients(m);
    byWhat[whatOf(m)] = (byWhat[whatOf(m)] ?? 0) + recipients(m) / days;
  }
  return {
    profile: profile.id,
    rate,
    members: profile.members,
    open: profile.open,
    days,
    reports,
    perDay,
    mean: perDay.reduce((a, b) => a + b, 0) / days,
    max: Math.max(...perDay),
    byWhat,
  };
}

/**
 * The flood on a consumer account: a small committee, a dozen and a half junk reports within two hours, then
 * a real report saying someone is in danger; three days of hourly sweeps.
 */
export function measureFlood(junkReports = 15): FloodFigures {
  const members = 5;
  const world = createWorld({ cases: 25, members, mailQuota: CONSUMER_RECIPIENTS });
  const firstMail = world.ws.mail().length;
  const reportedAt = new Map<string, number>();
  for (let i = 0; i < junkReports; i++) {
    world.ws.advance(Math.floor((2 * HOUR) / junkReports));
    const email = `flood${i}@example.net`;
    reportedAt.set(email, world.ws.rt.now());
    world.ws.submitForm({
      'Your email address': email,
      'Who was involved?': `Zhaerk Floodix${String.fromCharCode(65 + i)}`,
      'Where did it happen?': SPACE,
      'What happened?': 'Nothing in particular.',
    });
  }
  world.ws.advance(HOUR);
  const realAt = world.ws.rt.now();
  reportedAt.set('real-reporter@example.net', realAt);
  world.ws.submitForm({
    'Your email address': 'real-reporter@example.net',
    'Who was involved?': 'Vouzz Krandel',
    'Where did it happen?': SPACE,
    'What happened?': 'Threats of violence at the meetup.',
    'Is anyone in immediate danger?': 'Yes',
  });
  world.ws.advance(3 * DAY);
  const mail = world.ws.mail().slice(firstMail);
  const urgent = mail.filter((m) => /^Urgent:/.test(m.subject));
  const ackDelays = [...reportedAt].map(([email, at]) => {
    const ack = mail.find((m) => m.to.includes(email) && /^We received your report$/.test(m.subject));
    return { email, hours: ack ? (ack.at - at) / HOUR : Infinity };
  });
  return {
    members,
    junkReports,
    quota: CONSUMER_RECIPIENTS,
    urgentAlertMinutes: urgent.length >= members ? (Math.max(...urgent.map((m) => m.at)) - realAt) / 60_000 : Infinity,
    realAckHours: ackDelays.find((a) => a.email === 'real-reporter@example.net')?.hours ?? Infinity,
    maxAckHours: Math.max(...ackDelays.map((a) => a.hours)),
    acksLate: ackDelays.filter((a) => a.hours > 24).length,
    acks: ackDelays.length,
    ownerNotices: mail.filter((m) => /Mail is waiting/.test(m.subject)).length,
    stillPending: pendingMessages(world),
  };
}

/** Every profile (or the small one only, for the smoke run) and the flood. */
export function measureMail(options: { smoke: boolean; log: (line: string) => void }): MailFigures {
  const profiles = options.smoke ? MAIL_PROFILES.filter((p) => p.id === 'small') : MAIL_PROFILES;
  const rates: ReportRate[] = options.smoke ? ['model'] : ['model', 'seeded'];
  const days: MailDayFigures[] = [];
  for (const rate of rates)
    for (const profile of profiles) {
      const t0 = Date.now();
      const figures = measureMailDays(profile, rate);
      days.push(figures);
      options.log(
        `mail ${profile.id} (${profile.members} members, ${profile.open} open, ${figures.reports} reports, ${rate} rate): ${figures.mean.toFixed(1)} recipients a day on average, ${figures.max} at most (${((Date.now() - t0) / 1000).toFixed(0)} s)`,
      );
    }
  const flood = measureFlood();
  options.log(
    `mail flood: urgent alert after ${flood.urgentAlertMinutes.toFixed(0)} min, real acknowledgment after ${flood.realAckHours.toFixed(1)} h, longest acknowledgment ${flood.maxAckHours.toFixed(1)} h, ${flood.ownerNotices} owner notice(s)`,
  );
  return { days, flood };
}
