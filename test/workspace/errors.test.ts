// Unit tests for redacting Apps Script error messages (errors are classified by what the product observes, tested with the mailer and sharing).
import { auditError, isQuotaSpentForDay, redactAddresses } from '../../src/workspace/errors';

describe('redactAddresses', () => {
  it('removes every address a service put into its message', () => {
    expect(redactAddresses('Invalid email: sam.doe+x@example.net')).toBe('Invalid email: <address>');
    expect(redactAddresses('You are trying to invite ana@example.org. Since there is no Google account')).toBe(
      'You are trying to invite <address>. Since there is no Google account',
    );
  });

  it('removes internationalised addresses whole, whatever the script of their domain', () => {
    expect(redactAddresses('Invalid email: ana@почта.рф')).toBe('Invalid email: <address>');
    expect(redactAddresses('Invalid email: jürgen@müller.dé.')).toBe('Invalid email: <address>.');
  });

  it('leaves messages without addresses alone', () => {
    expect(redactAddresses('Service invoked too many times for one day: email.')).toBe(
      'Service invoked too many times for one day: email.',
    );
  });
});

describe('auditError', () => {
  it('redacts before it cuts, so an address across the cut leaves no part of its name (ADV-518)', () => {
    const err = new Error(`${'A'.repeat(190)} fenella.quarrow@example.org refused`);
    expect(auditError(err)).toBe(`${'A'.repeat(190)} <address>`);
    expect(auditError(err, 10)).toBe('AAAAAAAAAA');
  });
});

describe('isQuotaSpentForDay', () => {
  test("reads Google's daily-quota wording, the service's name in any language", () => {
    const docs = new Error('Service invoked too many times for one day: docs create.');
    expect(isQuotaSpentForDay(docs, 'docs create')).toBe(true);
    expect(
      isQuotaSpentForDay(new Error("Trop d'appels pour ce service aujourd'hui : docs create."), 'docs create'),
    ).toBe(true);
    expect(isQuotaSpentForDay(docs, 'gmail')).toBe(false);
    expect(isQuotaSpentForDay(new Error('Service invoked too many times for one day: gmail.'), 'gmail')).toBe(true);
    expect(isQuotaSpentForDay(new Error('Service invoked too many times for one day: email.'), 'email')).toBe(true);
    expect(isQuotaSpentForDay(docs)).toBe(true);
    expect(isQuotaSpentForDay(new Error('Service invoked too many times in a short time: email.'))).toBe(false);
    expect(isQuotaSpentForDay(new Error('Service error: Drive'), 'docs create')).toBe(false);
  });
});
