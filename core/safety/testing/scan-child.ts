// Scans a folder in a fresh process with the recording analyzer and prints what it saw and its peak memory,
// so that a test can measure the scan's memory apart from its own. argv: dbFile folder.
import { openDatabase } from '../../db/connection';
import { scanFolders } from '../../library/scan';
import { createRecordingAnalyzer } from './recording-analyzer';

const [dbFile, folder] = process.argv.slice(2);
const db = openDatabase(dbFile);
const analyzer = createRecordingAnalyzer();
scanFolders(db, [folder], { analyzer }).then((s) => {
  db.close();
  console.log(
    JSON.stringify({
      analysed: s.analysed,
      errors: s.errors,
      seen: analyzer.seen,
      maxRssMiB: process.resourceUsage().maxRSS / 1024,
    }),
  );
});
