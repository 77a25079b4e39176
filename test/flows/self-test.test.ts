// selfTest's web-app URL line (src/flows/self-test.ts): links use the stored URL; Apps Script's own answer outside a web request may be the /dev test URL or nothing, so only an /exec URL that differs is a FAIL.
import { checkWebAppUrl } from '../../src/flows/self-test';

const EXEC = 'https://script.google.com/macros/s/EMULATED-deployment/exec';
const OTHER = 'https://script.google.com/macros/s/EMULATED-older/exec';
const DEV = 'https://script.google.com/macros/s/EMULATED-deployment/dev';

describe('checkWebAppUrl', () => {
  test('the stored URL is the deployment Apps Script names: PASS', () => {
    expect(checkWebAppUrl(EXEC, EXEC)).toEqual({ ok: true, detail: `links use ${EXEC}, the deployment's URL` });
  });

  test('Apps Script gives the /dev URL or nothing: PASS, saying to compare by eye', () => {
    for (const service of [DEV, '']) {
      const line = checkWebAppUrl(EXEC, service);
      expect(line.ok).toBe(true);
      expect(line.detail).toMatch(/compare it by eye with Deploy → Manage deployments/);
    }
  });

  test('another /exec deployment, a stored /dev URL or none: FAIL', () => {
    expect(checkWebAppUrl(EXEC, OTHER)).toEqual({
      ok: false,
      detail: `links use ${EXEC} but Apps Script says the deployment is ${OTHER}`,
    });
    expect(checkWebAppUrl(DEV, EXEC).ok).toBe(false);
    expect(checkWebAppUrl('', EXEC)).toEqual({
      ok: false,
      detail: 'no web app URL is recorded, so emails carry no working links',
    });
  });
});
