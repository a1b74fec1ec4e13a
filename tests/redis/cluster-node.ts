// One Binôme node of the three-node suite, in its own process as in a deployment: the shared engine
// (MONGODB_URI), Redis (REDIS_URL), the session secret every node shares, its own DATA_DIR. It prints one JSON line
// with its URL once it listens, then serves until it is stopped (SIGTERM: stored, then gone) or killed.
import { pino } from 'pino';
import { startBinome } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { TEST_COST } from '../../server/domain/passwords.ts';

const config = loadConfig({ ...process.env, PORT: '0', HOST: '127.0.0.1' });
const binome = await startBinome(config, {
  hashCost: TEST_COST,
  dbName: process.env.CLUSTER_DB_NAME,
  logger: pino({ level: process.env.BINOME_TEST_LOG ?? 'silent' }, pino.destination(2))
});
process.stdout.write(JSON.stringify({ url: binome.url, pid: process.pid }) + '\n');
process.on('SIGTERM', () => {
  void binome.stop().then(() => process.exit(0));
});
