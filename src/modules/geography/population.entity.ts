import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Population on 1 January (SSB table 07459), for the municipality unit as it was that year. */
@Entity({ name: 'populations' })
export class PopulationEntity {
  @PrimaryColumn({ type: 'integer', name: 'municipality_id' }) municipalityId: number;
  @PrimaryColumn({ type: 'integer' }) year: number;
  @Column({ type: 'text', name: 'published_code' }) publishedCode: string;
  /** On the borders of its own year, or on 2024 borders for a municipality that did not change since. */
  @Column({ type: 'text', default: 'own_year_borders' }) basis: 'own_year_borders' | 'borders_2024';
  @Column({ type: 'integer' }) total: number;
  @Column({ type: 'integer', name: 'age_0_17', nullable: true }) age0To17: number | null;
  @Column({ type: 'integer', name: 'age_16_66', nullable: true }) age16To66: number | null;
  @Column({ type: 'integer', name: 'age_18_24', nullable: true }) age18To24: number | null;
  @Column({ type: 'integer', name: 'age_20_66', nullable: true }) age20To66: number | null;
  @Column({ type: 'integer', name: 'age_18_66', nullable: true }) age18To66: number | null;
  @Column({ type: 'integer', name: 'age_25_66', nullable: true }) age25To66: number | null;
  @Column({ type: 'integer', name: 'age_67_plus', nullable: true }) age67Plus: number | null;
}
