// The Art. 30 register: one row per purpose, exactly the CNIL template's columns, and exports that
// spreadsheets and tools read correctly.
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadPolicyFile } from './load.ts';
import { buildRegister, type RegisterRow, registerColumns, registerToCsv, registerToHtml, registerToJson } from './ropa.ts';

const here = dirname(fileURLToPath(import.meta.url));
const policy = () => loadPolicyFile(join(here, 'fixtures/mini.yaml')).policy;

const columnIds = [
  'purpose',
  'legal_basis',
  'subjects',
  'categories',
  'sensitive_data',
  'recipients_internal',
  'recipients_processors',
  'recipients_others',
  'transfers',
  'retention',
  'security_measures',
  'controller',
  'dpo',
];

/** A minimal RFC 4180 parser, to read back what the writer produced. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  assert.equal(cell, '', 'the last record ends with CRLF');
  return rows;
}

describe('buildRegister', () => {
  test('one row per purpose, exactly the columns, in order', () => {
    const rows = buildRegister(policy(), 'en');
    assert.deepEqual(
      rows.map((r) => r.id),
      Object.keys(policy().purposes),
    );
    assert.deepEqual(
      registerColumns.map((c) => c.id),
      columnIds,
    );
    for (const r of rows) assert.deepEqual(Object.keys(r.cells), columnIds);
    for (const c of registerColumns) assert.ok(c.label.en && c.label.fr && c.label.en !== c.label.fr, c.id);
  });

  test('each column is filled from the policy', () => {
    const [accounts, canvassing, audience] = buildRegister(policy(), 'en');
    assert.deepEqual(accounts.cells.purpose, ['Managing accounts']);
    assert.deepEqual(accounts.cells.legal_basis, ['Performance of a contract (Article 6(1)(b) GDPR)']);
    assert.deepEqual(canvassing.cells.subjects, ['Users', 'Prospects']);
    assert.deepEqual(accounts.cells.categories, ['Identification data (first and last name, e-mail address)', 'Connection data (IP address, logs)']);
    assert.deepEqual(accounts.cells.sensitive_data, ['No']);
    assert.deepEqual(accounts.cells.recipients_internal, ['Sales department', 'Technical department']);
    assert.deepEqual(canvassing.cells.recipients_internal, ['Sales department']);
    assert.deepEqual(audience.cells.recipients_processors, ['Stats Inc: Statistics (United States)']);
    assert.deepEqual(accounts.cells.recipients_others, ['Judicial officers', 'Authorities entitled by law']);
    assert.deepEqual(canvassing.cells.recipients_others, ['Authorities entitled by law']);
    assert.deepEqual(audience.cells.recipients_others, []);
    assert.deepEqual(accounts.cells.transfers, ['No transfer outside the EU']);
    assert.match(audience.cells.transfers[0], /^Stats Inc \(United States\): EU-US Data Privacy Framework/);
    assert.deepEqual(audience.cells.retention, ['Cookies and consent (Web data): 13 months from last consent, then deleted']);
    assert.ok(accounts.cells.retention.includes('Users\' data (Identification data): 90 days from account closure, then deleted'));
    assert.ok(accounts.cells.retention.some((x) => /extended by 5 years for: Managing accounts \(archive\), access restricted to: Technical department/.test(x)));
    assert.ok(accounts.cells.retention.some((x) => /1 year from last connection or use, then irreversibly anonymised/.test(x)));
    assert.ok(canvassing.cells.retention.some((x) => /Prospects' data .*: 3 years from last contact from the prospect/.test(x)));
    assert.ok(!audience.cells.retention.some((x) => /Users' data/.test(x)), 'rules for other subjects are not listed');
    assert.deepEqual(accounts.cells.security_measures, ['Organisational: Staff are trained and bound by confidentiality.', 'Technical: Data is encrypted in transit.']);
    assert.deepEqual(accounts.cells.controller, ['Mini SAS', "1 rue de l'Exemple, 75001 Paris", 'contact@mini.example']);
    assert.deepEqual(accounts.cells.dpo, ['Data Protection Officer', 'dpo@mini.example', 'https://mini.example/privacy-center']);
  });

  test('special categories and categories held by a processor', () => {
    const p = policy();
    p.categories.connection.special = true;
    p.purposes.accounts.categories.push('financial');
    const [accounts] = buildRegister(p, 'fr');
    assert.deepEqual(accounts.cells.sensitive_data, ['Oui : Données de connexion']);
    assert.ok(accounts.cells.retention.includes('Données financières : jamais conservées par nous ; Pay Ltd les détient pour notre compte.'));
  });

  test('French labels and values', () => {
    const [accounts] = buildRegister(policy(), 'fr');
    assert.deepEqual(accounts.cells.legal_basis, ["Exécution d'un contrat (article 6.1.b du RGPD)"]);
    assert.ok(accounts.cells.retention.some((x) => /90 jours \(point de départ : clôture du compte\), puis supprimées/.test(x)));
  });

  test('no purposes: no rows, the header still says what a row would hold', () => {
    const rows = buildRegister({ ...policy(), purposes: {} }, 'en');
    assert.deepEqual(rows, []);
    assert.equal(parseCsv(registerToCsv(rows).slice(1)).length, 1);
  });
});

describe('exports', () => {
  test('CSV: BOM, header, CRLF, one record per purpose, lists joined by "; "', () => {
    const rows = buildRegister(policy(), 'en');
    const csv = registerToCsv(rows);
    assert.ok(csv.startsWith('\uFEFFPurpose,Legal basis,'));
    assert.ok(csv.endsWith('\r\n'));
    assert.ok(!/[^\r]\n/.test(csv), 'every line ends with CRLF');
    const records = parseCsv(csv.slice(1));
    assert.equal(records.length, 1 + rows.length);
    assert.deepEqual(
      records[0],
      registerColumns.map((c) => c.label.en),
    );
    for (const r of records) assert.equal(r.length, columnIds.length);
    assert.equal(records[1][columnIds.indexOf('recipients_internal')], 'Sales department; Technical department');
    assert.equal(records[2][0], 'Canvassing <and> "promotion"');
  });

  test('CSV quoting: commas, quotes and line breaks', () => {
    const row = (purpose: string): RegisterRow => ({
      id: 'x',
      locale: 'en',
      cells: Object.fromEntries(columnIds.map((id) => [id, id === 'purpose' ? [purpose] : []])) as RegisterRow['cells'],
    });
    const csv = registerToCsv([row('plain'), row('a, b'), row('say "hi"'), row('two\nlines')]);
    const lines = csv.slice(1).split('\r\n');
    assert.ok(lines[1].startsWith('plain,'));
    assert.ok(lines[2].startsWith('"a, b",'));
    assert.ok(lines[3].startsWith('"say ""hi""",'));
    assert.ok(csv.includes('"two\nlines",'));
    const back = parseCsv(csv.slice(1));
    assert.deepEqual(
      back.slice(1).map((r) => r[0]),
      ['plain', 'a, b', 'say "hi"', 'two\nlines'],
    );
    assert.equal(lines[1], `plain${','.repeat(columnIds.length - 1)}`);
  });

  test('CSV header in French', () => {
    const csv = registerToCsv(buildRegister(policy(), 'fr'));
    assert.ok(csv.startsWith('\uFEFFFinalité (objectifs poursuivis),Base légale,'));
  });

  test('JSON: columns with labels, rows keyed by column id', () => {
    const json = JSON.parse(registerToJson(buildRegister(policy(), 'en')));
    assert.deepEqual(
      json.columns.map((c: { id: string }) => c.id),
      columnIds,
    );
    assert.equal(json.rows.length, 3);
    assert.deepEqual(Object.keys(json.rows[0]), ['id', ...columnIds]);
    assert.deepEqual(json.rows[2].transfers.length, 1);
  });

  test('HTML: a headed table page, one body row per purpose, escaped', () => {
    const html = registerToHtml(buildRegister(policy(), 'fr'), 'fr', 'Mini SAS');
    assert.ok(html.includes('<html lang="fr">'));
    assert.ok(html.includes('<body class="register">'));
    assert.equal(html.match(/<th scope="col">/g)?.length, columnIds.length);
    assert.equal(html.match(/<tr><th scope="row">/g)?.length, 3);
    assert.ok(html.includes('<caption>'));
    assert.ok(!/<script|style=/.test(html));
    assert.ok(html.includes('Données d&#39;identification'));
  });
});
