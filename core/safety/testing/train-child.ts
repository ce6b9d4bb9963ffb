// Trains on a library's labels in its own process (the crash test kills it). argv: dbFile. Prints the report.
import { openDatabase } from '../../db/connection';
import { trainFromLabels } from '../../train/train-service';
import { withWriterLock } from '../writer-lock';

// The quick setting the training tests use: seconds, yet a real run through the gate and the version write.
const FAST = { learningRate: 3e-3, mu: 0, maxSteps: 120, patience: 40 };

const [dbFile] = process.argv.slice(2);
withWriterLock(dbFile, 'train', async () => {
  const db = openDatabase(dbFile);
  try {
    const r = await trainFromLabels(db, { settings: FAST });
    console.log(JSON.stringify({ version: r.version, activated: r.activated, steps: r.steps, seconds: r.seconds }));
  } finally {
    db.close();
  }
}).then(
  () => process.exit(0),
  (err: Error) => {
    console.error(err.message);
    process.exit(1);
  },
);
