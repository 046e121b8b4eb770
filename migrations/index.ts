import { InitialSchema1763884800000 } from './1763884800000-InitialSchema';

/** Every migration, oldest first. Listed explicitly so that the built hub and the tests run the same set. */
export const migrations = [InitialSchema1763884800000];
