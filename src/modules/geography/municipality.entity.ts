import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** A municipality as a unit over time; it keeps its identity through renumbering, not through mergers. */
@Entity({ name: 'municipalities' })
export class MunicipalityEntity {
  @PrimaryGeneratedColumn() id: number;
  /** The unit's latest code (its 2024 code while it exists). */
  @Column({ type: 'text' }) code: string;
  @Column({ type: 'text' }) name: string;
  @Column({ type: 'text', name: 'county_code', nullable: true }) countyCode: string | null;
  @Column({ type: 'integer', name: 'valid_from_year', nullable: true }) validFromYear: number | null;
  @Column({ type: 'integer', name: 'valid_to_year', nullable: true }) validToYear: number | null;
}

/** A code a municipality unit was published under, and when. */
@Entity({ name: 'municipality_codes' })
export class MunicipalityCodeEntity {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'integer', name: 'municipality_id' }) municipalityId: number;
  @Column({ type: 'text' }) code: string;
  @Column({ type: 'text' }) name: string;
  @Column({ type: 'integer', name: 'valid_from_year', nullable: true }) validFromYear: number | null;
  @Column({ type: 'integer', name: 'valid_to_year', nullable: true }) validToYear: number | null;
}

@Entity({ name: 'municipality_successions' })
export class MunicipalitySuccessionEntity {
  @PrimaryColumn({ type: 'integer', name: 'predecessor_id' }) predecessorId: number;
  @PrimaryColumn({ type: 'integer', name: 'successor_id' }) successorId: number;
  @PrimaryColumn({ type: 'integer' }) year: number;
  @Column({ type: 'text' }) kind: 'merged' | 'split' | 'renumbered' | 'transferred';
}

/** The group a municipality belonged to under a named peer-group scheme (SSB's KOSTRA groups of 2015). */
@Entity({ name: 'municipality_peer_groups' })
export class MunicipalityPeerGroupEntity {
  @PrimaryColumn({ type: 'integer', name: 'municipality_id' }) municipalityId: number;
  @PrimaryColumn({ type: 'text' }) scheme: string;
  @Column({ type: 'text', name: 'group_code' }) groupCode: string;
  @Column({ type: 'text', name: 'published_code' }) publishedCode: string;
  @Column({ type: 'integer', nullable: true }) population: number | null;
}
