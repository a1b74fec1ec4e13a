import mongoose from 'mongoose';
import { startEmbeddedMongo } from './index.ts';
const eng = await startEmbeddedMongo({});
const conn = await mongoose.createConnection(eng.uri, { dbName: 'test' }).asPromise();
const M = conn.model('M', new mongoose.Schema({ name: { type: String, index: true }, n: Number }));
await M.init();
await M.insertMany(Array.from({ length: 2000 }, (_, i) => ({ name: 'n' + i, n: i })));
const ids = (await M.find().select('_id').lean()).map((d) => d._id);
for (const label of ['mongoose', 'lean', 'driver']) {
  const t = performance.now();
  for (let i = 0; i < 5000; i++) {
    if (label === 'mongoose') await M.findById(ids[i % ids.length]);
    else if (label === 'lean') await M.findById(ids[i % ids.length]).lean();
    else await conn.db!.collection('ms').findOne({ _id: ids[i % ids.length] });
  }
  console.log(label, Math.round(5000 / ((performance.now() - t) / 1000)), '/s');
}
await conn.close(); await eng.stop();
