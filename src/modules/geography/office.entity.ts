import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A NAV office: the partnership of NAV and one or more municipalities (or one city district). */
@Entity({ name: 'offices' })
export class OfficeEntity {
  @PrimaryGeneratedColumn() id: number;
  /** Stable public code: the Difi agency-register id for the offices of 2014. */
  @Column({ type: 'text' }) code: string;
  @Column({ type: 'text' }) name: string;
  @Column({ type: 'text', name: 'parent_name', nullable: true }) parentName: string | null;
  @Column({ type: 'text', name: 'county_code', nullable: true }) countyCode: string | null;
  @Column({ type: 'text', nullable: true }) address: string | null;
  @Column({ type: 'text' }) origin: string;
  @Column({ type: 'integer', name: 'valid_from_year', nullable: true }) validFromYear: number | null;
  @Column({ type: 'integer', name: 'valid_to_year', nullable: true }) validToYear: number | null;
  /** NAV's unit number (NORG enhetsnummer), where NAV's register has the office. */
  @Column({ type: 'text', name: 'norg_code', nullable: true }) norgCode: string | null;
  /** Names before the current one, oldest first. */
  @Column({ type: 'text', name: 'former_names', array: true, default: () => "'{}'" }) formerNames: string[];
}

/** The area an office serves in a period. */
@Entity({ name: 'office_areas' })
export class OfficeAreaEntity {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'integer', name: 'office_id' }) officeId: number;
  @Column({ type: 'integer', name: 'municipality_id' }) municipalityId: number;
  /** The city district, where the office serves one district of a municipality. */
  @Column({ type: 'text', nullable: true }) district: string | null;
  @Column({ type: 'integer', name: 'valid_from_year', nullable: true }) validFromYear: number | null;
  @Column({ type: 'integer', name: 'valid_to_year', nullable: true }) validToYear: number | null;
}
