import { InitialSchema1763884800000 } from './1763884800000-InitialSchema';
import { NationalCoverage1764460800000 } from './1764460800000-NationalCoverage';

/** Every migration, oldest first. Listed explicitly so that the built hub and the tests run the same set. */
export const migrations = [InitialSchema1763884800000, NationalCoverage1764460800000];
