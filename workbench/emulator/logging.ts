// Logger and console: every line an execution logs is kept with its virtual time and execution id (echoed to the host only on request).

import { format } from 'node:util';
import type { Runtime } from './runtime';
import { guard } from './runtime';
import { expose, isDate } from './service-kit';
import { formatString } from './utilities';

export interface LogLine {
  at: number;
  execution: number;
  text: string;
}

export class LogSink {
  readonly lines: LogLine[] = [];
  constructor(
    private readonly rt: Runtime,
    private readonly echo: boolean,
  ) {}

  write(text: string, level: 'log' | 'info' | 'warn' | 'error' = 'log'): void {
    const execution = this.rt.execution?.id ?? 0;
    this.lines.push({ at: this.rt.now(), execution, text });
    if (this.echo) console[level](`[exec ${execution}] ${text}`);
  }
}

function describe(value: unknown): string {
  if (typeof value === 'string') return value;
  if (isDate(value)) return value.toString();
  if (value !== null && typeof value === 'object') {
    try {
      return JSON.stringify(value);
    } catch {
      return String(value);
    }
  }
  return String(value);
}

class LoggerImpl {
  constructor(
    private readonly _rt: Runtime,
    private readonly _sink: LogSink,
  ) {}

  /** Logger.log(data) or Logger.log(format, values…) with printf-style placeholders. */
  log(data: unknown, ...values: unknown[]): this {
    this._sink.write(values.length && typeof data === 'string' ? formatString(data, values) : describe(data));
    return this;
  }

  /** The current execution's log so far. */
  getLog(): string {
    const id = this._rt.execution?.id ?? 0;
    return this._sink.lines
      .filter((l) => l.execution === id)
      .map((l) => l.text)
      .join('\n');
  }

  clear(): void {
    const id = this._rt.execution?.id ?? 0;
    for (let i = this._sink.lines.length - 1; i >= 0; i--)
      if (this._sink.lines[i].execution === id) this._sink.lines.splice(i, 1);
  }
}

export function createLogger(rt: Runtime, sink: LogSink): GoogleAppsScript.Base.Logger {
  return expose(rt, 'Logger', new LoggerImpl(rt, sink)) as unknown as GoogleAppsScript.Base.Logger;
}

/**
 * `console` for the bundle. Inside an execution each call goes through Runtime.call like any service;
 * code run while the bundle loads (no execution yet) still gets its lines kept, under execution 0.
 */
export function createConsole(rt: Runtime, sink: LogSink): Console {
  const method =
    (level: 'log' | 'info' | 'warn' | 'error', key: string) =>
    (...args: unknown[]): void => {
      const write = () => sink.write(format(...args), level);
      if (rt.execution) rt.call(`console.${key}`, write);
      else write();
    };
  return guard(
    {
      log: method('log', 'log'),
      info: method('info', 'info'),
      warn: method('warn', 'warn'),
      error: method('error', 'error'),
      debug: method('log', 'debug'),
    },
    'console',
  ) as unknown as Console;
}
