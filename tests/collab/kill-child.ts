// A Binôme process for the crash test: on a DATA_DIR (durable embedded engine). The first run seeds a duo and
// a logged-in mentor; every run prints one JSON line with what the test needs, then serves until killed.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pino } from 'pino';
import { startBinome } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { TEST_COST } from '../../server/domain/passwords.ts';
import { addMember, createDuo, createOrganisation, createProgramme, loginAs } from '../helpers/factories.ts';
import { cookieOf } from './collab-helpers.ts';

const dataDir = process.env.DATA_DIR!;
const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, SESSION_SECRET: 'k'.repeat(40) });
const binome = await startBinome(config, { hashCost: TEST_COST, logger: pino({ level: 'silent' }) });
const seedFile = join(dataDir, 'seed.json');
if (!existsSync(seedFile)) {
  const s = binome.services;
  const org = await createOrganisation(s, 'MentorYou Antwerpen');
  const programme = await createProgramme(s, org.id);
  const mentor = await addMember(s, org.id, 'mentor', { name: 'Lotte Janssens', programmeIds: [programme.id] });
  const mentee = await addMember(s, org.id, 'mentee', { name: 'Youssef El Amrani', programmeIds: [programme.id] });
  const duo = await createDuo(s, programme.id, mentor.id, mentee.id);
  const cookie = cookieOf(await loginAs(binome.url, mentor));
  writeFileSync(seedFile, JSON.stringify({ duoId: duo.id, cookie }));
}
const seed = JSON.parse(readFileSync(seedFile, 'utf8')) as { duoId: string; cookie: string };
process.stdout.write(JSON.stringify({ url: binome.url, ...seed }) + '\n');
// The test asks, on stdin, to be told once an edit it saw applied is durable: `stored <docName>` is answered
// with `stored` when the document's batch was written in its own time (nothing is hurried).
createInterface({ input: process.stdin }).on('line', (line) => {
  const [command, docName] = line.split(' ');
  if (command === 'stored') void binome.collab.stored(docName).then(() => process.stdout.write('stored\n'));
});
// As server/index.ts does: a graceful stop stores every loaded document before exit.
process.on('SIGTERM', () => {
  void binome.stop().then(() => process.exit(0));
});
