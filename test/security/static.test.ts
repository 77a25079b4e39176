// Static security checks: minimal OAuth scopes (each justified in SECURITY.md, compared both ways), the bundle's global functions, raw template printing, and no script ids, secrets or real addresses in what we publish.
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import vm from 'node:vm';

const root = join(__dirname, '..', '..');
const AUTH = 'https://www.googleapis.com/auth/';

/** The minimal allow-list. Adding a scope is a security decision: justify it in SECURITY.md's scope table. */
const ALLOWED_SCOPES = [
  'script.send_mail', // MailApp: send only (never GmailApp's full mailbox scope)
  'gmail.modify', // the Gmail API on the committee account's own mailbox: read replies, archive them (never delete, never send)
  'spreadsheets',
  'documents',
  'forms',
  'drive',
  'script.scriptapp',
  'calendar.events', // CalendarApp: meetings of a case's cleared members (never `calendar`: all calendars, sharing, deletion)
  'userinfo.email',
];

/** Scopes that must never appear: full mailbox access (delete forever), outbound HTTP, UI in containers. */
const FORBIDDEN_SCOPES = [
  /mail\.google\.com/,
  /\/auth\/gmail\.(?!modify$)/,
  /script\.external_request/,
  /script\.container\.ui/,
  /drive\.readonly/,
  /cloud-platform/,
  /\/auth\/calendar$/,
];

/** Global functions of the bundle (DESIGN §4); all but the trigger handlers are callable from a page (`google.script.run`). */
const PUBLIC_FUNCTIONS = ['doGet', 'doPost', 'selfTest', 'setup', 'transparencyReport', 'uninstall'];
const TRIGGER_HANDLERS = ['mailAtQuotaReset_', 'onReportSubmit_', 'onStatusChange_', 'onStatusEdit_', 'sweep_'];

function manifest(path = join(root, 'appsscript.json')): {
  oauthScopes: string[];
  webapp?: { access?: string; executeAs?: string };
  dependencies?: unknown;
} {
  return JSON.parse(readFileSync(path, 'utf8'));
}

/** SECURITY.md's "OAuth scopes" table: scope → justification. */
function scopeTable(): Map<string, string> {
  const text = readFileSync(join(root, 'SECURITY.md'), 'utf8');
  const start = text.search(/^## OAuth scopes\s*$/m);
  if (start < 0) throw new Error('SECURITY.md has no "## OAuth scopes" section');
  const section = text.slice(start).split(/\n## /)[0];
  const table = new Map<string, string>();
  for (const line of section.split('\n')) {
    const m = /^\|\s*`([^`]+)`\s*\|\s*(.*?)\s*\|\s*$/.exec(line);
    if (m) table.set(m[1].replace(AUTH, ''), m[2]);
  }
  return table;
}

function filesUnder(dir: string, exts: RegExp): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...filesUnder(path, exts));
    else if (exts.test(name)) out.push(path);
  }
  return out;
}

/** What we publish and what people copy from: the source, scripts, examples, docs and the top-level documents. */
function publishedFiles(): string[] {
  const text = /\.(ts|js|mjs|cjs|json|html|md|css|txt|yml|yaml)$/;
  return [
    ...filesUnder(join(root, 'src'), text),
    ...filesUnder(join(root, 'scripts'), text),
    ...filesUnder(join(root, 'examples'), text),
    ...filesUnder(join(root, 'docs'), text),
    ...['README.md', 'SECURITY.md', 'appsscript.json', '.clasp.json.example', 'package.json']
      .map((f) => join(root, f))
      .filter(existsSync),
  ];
}

describe('OAuth scopes', () => {
  const scopes = manifest().oauthScopes;

  it('are exactly the minimal allow-list', () => {
    expect(scopes.every((s) => s.startsWith(AUTH))).toBe(true);
    expect(scopes.map((s) => s.replace(AUTH, '')).sort()).toEqual([...ALLOWED_SCOPES].sort());
  });

  it('never include full mailbox access, outbound requests or container UI', () => {
    for (const scope of scopes) for (const bad of FORBIDDEN_SCOPES) expect(scope).not.toMatch(bad);
    expect(scopes).toContain(`${AUTH}script.send_mail`);
  });

  it('are each justified in SECURITY.md, and SECURITY.md justifies no scope the manifest lacks', () => {
    const table = scopeTable();
    const short = scopes.map((s) => s.replace(AUTH, '')).sort();
    expect([...table.keys()].sort()).toEqual(short);
    for (const [scope, why] of table) {
      expect({ scope, justified: why.length >= 20 }).toEqual({ scope, justified: true });
    }
    expect(table.get('script.send_mail')).toMatch(/send/i);
  });

  it('are what the build ships', () => {
    expect(manifest(join(root, 'build', 'appsscript.json'))).toEqual(manifest());
  });

  it('the web app runs as the deployer but is never open to anonymous visitors', () => {
    const webapp = manifest().webapp ?? {};
    expect(webapp.executeAs).toBe('USER_DEPLOYING');
    expect(['ANYONE', 'DOMAIN', 'MYSELF']).toContain(webapp.access);
  });
});

describe('the bundle', () => {
  const code = readFileSync(join(root, 'build', 'Code.js'), 'utf8');

  it('defines exactly the entry points as global functions', () => {
    const context = vm.createContext({});
    vm.runInContext(code, context, { filename: 'Code.js' });
    const globals = Object.getOwnPropertyNames(context)
      .filter((n) => typeof (context as Record<string, unknown>)[n] === 'function')
      .sort();
    expect(globals).toEqual([...PUBLIC_FUNCTIONS, ...TRIGGER_HANDLERS].sort());
  });

  it('lets a page reach only doGet, doPost, setup and uninstall (every trigger handler ends in _)', () => {
    const declared = [...code.matchAll(/^function ([\w$]+)\(/gm)].map((m) => m[1]);
    expect(declared.filter((n) => !n.endsWith('_')).sort()).toEqual([...PUBLIC_FUNCTIONS].sort());
    expect(declared.filter((n) => n.endsWith('_')).sort()).toEqual([...TRIGGER_HANDLERS].sort());
  });

  it('exports from src/index.ts only those names', () => {
    const index = readFileSync(join(root, 'src', 'index.ts'), 'utf8');
    const names = [...index.matchAll(/export\s*\{([^}]*)\}/g)]
      .flatMap((m) =>
        m[1].split(',').map(
          (s) =>
            s
              .trim()
              .split(/\s+as\s+/)
              .pop() as string,
        ),
      )
      .filter(Boolean);
    expect(names.sort()).toEqual([...PUBLIC_FUNCTIONS, ...TRIGGER_HANDLERS].sort());
  });
});

describe('page templates', () => {
  const pagesDir = join(root, 'src', 'pages');
  const pages = readdirSync(pagesDir).filter((f) => f.endsWith('.html'));

  it('print data only with escaping <?= ?>; <?!= ?> only includes the stylesheet, page-top and notice partials', () => {
    const raw: string[] = [];
    for (const page of pages) {
      const text = readFileSync(join(pagesDir, page), 'utf8');
      for (const m of text.matchAll(/<\?!=([\s\S]*?)\?>/g)) {
        if (!["include('styles')", "include('page-top')", "include('notice')"].includes(m[1].trim()))
          raw.push(`${page}: <?!=${m[1]}?>`);
      }
    }
    expect(raw).toEqual([]);
    expect(pages.length).toBeGreaterThan(3);
  });

  it("the raw-included partials print only escaped values: the stylesheet has no scriptlets, the page top only the title and the committee's name, the notice only its lines", () => {
    const styles = readFileSync(join(pagesDir, 'styles.html'), 'utf8');
    expect(styles).not.toMatch(/<\?/);
    const top = readFileSync(join(pagesDir, 'page-top.html'), 'utf8');
    expect([...top.matchAll(/<\?[\s\S]*?\?>/g)].map((m) => m[0]).sort()).toEqual([
      "<?!= include('styles') ?>",
      '<?= committee ?>',
      '<?= title ?>',
    ]);
    const notice = readFileSync(join(pagesDir, 'notice.html'), 'utf8');
    expect(notice).not.toMatch(/<\?!=/);
    expect([...notice.matchAll(/<\?=([\s\S]*?)\?>/g)].map((m) => m[1].trim()).sort()).toEqual([
      'notice[n2]',
      'notice[n]',
    ]);
    const renderer = readFileSync(join(root, 'src', 'workspace', 'pages.ts'), 'utf8');
    expect(renderer).toMatch(/PARTIALS = new Set\(\['styles', 'page-top', 'notice'\]\)/);
  });

  it('no template builds markup from data by hand (no scriptlet prints inside a <script> block)', () => {
    for (const page of pages) {
      const text = readFileSync(join(pagesDir, page), 'utf8');
      for (const script of text.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/gi))
        expect(`${page}: ${script[1]}`).not.toMatch(/<\?=/);
    }
  });
});

describe('published files', () => {
  const files = publishedFiles();

  it('hold only example addresses (example.org, example.com, example.net, .invalid, .example, .test)', () => {
    const allowed = /@([a-z0-9-]+\.)*(example\.(org|com|net)|invalid|example|test)$/i;
    const found: string[] = [];
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g)) {
        const address = m[0].replace(/[.]+$/, '');
        if (!allowed.test(address)) found.push(`${relative(root, file)}: ${address}`);
      }
    }
    expect(found).toEqual([]);
    expect(files.length).toBeGreaterThan(30);
  });

  it('hold no script id, deployment id or Drive file id', () => {
    const found: string[] = [];
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/script\.google\.com\/macros\/s\/([A-Za-z0-9_-]+)/g)) {
        if (!/^(EMULATED|AKfy\.\.\.|YOUR_|DEPLOYMENT_ID|<)/i.test(m[1]) && m[1].length > 20)
          found.push(`${relative(root, file)}: web app ${m[1]}`);
      }
      for (const m of text.matchAll(/(?<![A-Za-z0-9_-])1[A-Za-z0-9_-]{40,60}(?![A-Za-z0-9_-])/g)) {
        if (/^1[a-z]+$/i.test(m[0])) continue;
        found.push(`${relative(root, file)}: id-like ${m[0]}`);
      }
    }
    expect(found).toEqual([]);
    const clasp = JSON.parse(readFileSync(join(root, '.clasp.json.example'), 'utf8')) as { scriptId?: string };
    expect(clasp.scriptId ?? '').not.toMatch(/^1[A-Za-z0-9_-]{40,}$/);
  });

  it('hold no secret: private keys, API keys, OAuth tokens or client secrets', () => {
    const patterns: Array<[string, RegExp]> = [
      ['private key', /-----BEGIN [A-Z ]*PRIVATE KEY-----/],
      ['Google API key', /AIza[0-9A-Za-z_-]{35}/],
      ['OAuth access token', /\bya29\.[0-9A-Za-z_-]{20,}/],
      ['OAuth refresh token', /\b1\/\/0[0-9A-Za-z_-]{20,}/],
      ['OAuth client secret', /GOCSPX-[0-9A-Za-z_-]{10,}/],
      ['client secret field', /"client_secret"\s*:\s*"[^"]{8,}"/],
      ['GitHub token', /\bgh[pousr]_[0-9A-Za-z]{30,}/],
      ['AWS key', /\bAKIA[0-9A-Z]{16}\b/],
      ['Slack token', /\bxox[abprs]-[0-9A-Za-z-]{10,}/],
      ['HMAC key literal', /hmacKeys["']?\s*[:=]\s*["'`]\{\s*\\?"[^"]+\\?"\s*:\s*\\?"[A-Za-z0-9+/]{40,}/],
    ];
    const found: string[] = [];
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const [what, re] of patterns) if (re.test(text)) found.push(`${relative(root, file)}: ${what}`);
    }
    expect(found).toEqual([]);
  });

  it('no error text is cut before its addresses are redacted (ADV-518: cut first, an address across the cut kept its name)', () => {
    const cutFirst: string[] = [];
    for (const file of filesUnder(join(root, 'src'), /\.ts$/))
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (/errorMessage\([^)]*\)\.slice\(/.test(line)) cutFirst.push(`${relative(root, file)}:${i + 1}`);
        });
    expect(cutFirst).toEqual([]);
  });

  it('the signing key is made at setup from random bytes, never written in the source', () => {
    const secret = readFileSync(join(root, 'src', 'workspace', 'secret.ts'), 'utf8');
    expect(secret).toMatch(/getUuid|computeDigest|newBlob|random/i);
    expect(secret).not.toMatch(/['"][A-Za-z0-9+/]{43}=['"]/);
  });
});
