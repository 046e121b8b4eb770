import { InitialSchema1763884800000 } from './1763884800000-InitialSchema';
import { NationalCoverage1764460800000 } from './1764460800000-NationalCoverage';
import { OfficeNames1764460800001 } from './1764460800001-OfficeNames';
import { Search1764460800002 } from './1764460800002-Search';
import { ImportBounds1764460800003 } from './1764460800003-ImportBounds';
import { CurrentFigures1764460800004 } from './1764460800004-CurrentFigures';
import { ObservationSourceKey1764460800005 } from './1764460800005-ObservationSourceKey';
import { RankingSnapshots1764460800006 } from './1764460800006-RankingSnapshots';
import { RankingSnapshotPositions1764460800007 } from './1764460800007-RankingSnapshotPositions';
import { RankingSnapshotPages1764460800008 } from './1764460800008-RankingSnapshotPages';
import { SourceTextParts1764460800009 } from './1764460800009-SourceTextParts';
import { CurrentFiguresByUnit1764460800010 } from './1764460800010-CurrentFiguresByUnit';

/** Every migration, oldest first. Listed explicitly so that the built hub and the tests run the same set. */
export const migrations = [InitialSchema1763884800000, NationalCoverage1764460800000, OfficeNames1764460800001, Search1764460800002, ImportBounds1764460800003, CurrentFigures1764460800004, ObservationSourceKey1764460800005, RankingSnapshots1764460800006, RankingSnapshotPositions1764460800007, RankingSnapshotPages1764460800008, SourceTextParts1764460800009, CurrentFiguresByUnit1764460800010];
