import { Workspace } from '../../test/emulator/workspace';
const ws = Workspace.create({ start: '2026-03-02T09:00:00Z', owner: 'conduct@example.org', buildDir: '/tmp/dbgbuild' });
ws.loadBundle(); ws.run('setup');
const p = ws.properties();
[['Ana Lima','ana@example.org','voting',true],['Bo Chen','bo@example.org','adviser',true],['Cy Okafor','cy@example.org','voting',true]].forEach((m,j)=>m.forEach((v,i)=>ws.data.ui.editCell(ws.owner,p.statusSpreadsheetId,'Committee',2+j,i+1,v)));
const a = ws.submitForm({ 'Your name': 'Rita Alvarez', 'Your email address': 'rita@example.net', 'Are you reporting on behalf of someone else?': 'No', 'Who was involved?': 'Sam Doe', 'When did it happen?': 'Last Tuesday evening', 'What happened?': 'x', 'Were there witnesses?': 'Wendy Witt', 'Is anyone in immediate danger?': 'No' });
const b = ws.submitForm({ 'Who was involved?': 'Lee Park', 'What happened?': 'second' });
for (const r of [a.results[0], b.results[0]]) console.log(r.record.calls['Range.getValues'], r.record.calls['Range.setValues'], ws.logs().filter((l) => l.execution === r.record.id && l.text.startsWith('LOAD')).map((l) => l.text.slice(5)).join(' '));
