import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'themes' })
export class ThemeEntity {
  @PrimaryColumn({ type: 'text' }) code: string;
  @Column({ type: 'text', name: 'name_nb' }) nameNb: string;
  @Column({ type: 'text', name: 'name_en' }) nameEn: string;
  @Column({ type: 'text', nullable: true }) description: string | null;
  @Column({ type: 'text', name: 'parent_code', nullable: true }) parentCode: string | null;
  @Column({ type: 'integer', name: 'sort_order' }) sortOrder: number;
}

export type Direction = 'higher_is_better' | 'lower_is_better' | 'neither';

/** A canonical indicator of the common taxonomy; its code is part of the public contract. */
@Entity({ name: 'indicators' })
export class IndicatorEntity {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'text' }) code: string;
  @Column({ type: 'text', name: 'name_nb' }) nameNb: string;
  @Column({ type: 'text', name: 'name_en' }) nameEn: string;
  @Column({ type: 'text' }) description: string;
  @Column({ type: 'text', name: 'theme_code' }) themeCode: string;
  @Column({ type: 'text' }) unit: string;
  @Column({ type: 'text', name: 'period_type' }) periodType: string;
  @Column({ type: 'text' }) direction: Direction;
  @Column({ type: 'text' }) population: string;
  @Column({ type: 'text', name: 'comparability_notes', nullable: true }) comparabilityNotes: string | null;
  @Column({ type: 'jsonb', name: 'external_codes' }) externalCodes: { system: string; code: string; note?: string }[];
  @Column({ type: 'text', name: 'taxonomy_version' }) taxonomyVersion: string;
}

@Entity({ name: 'indicator_relations' })
export class IndicatorRelationEntity {
  @PrimaryColumn({ type: 'integer', name: 'indicator_id' }) indicatorId: number;
  @PrimaryColumn({ type: 'integer', name: 'related_indicator_id' }) relatedIndicatorId: number;
  @PrimaryColumn({ type: 'text' }) kind: string;
  @Column({ type: 'numeric', nullable: true }) factor: string | null;
  @Column({ type: 'text', nullable: true }) note: string | null;
}
