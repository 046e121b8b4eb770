import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { QualityFlag } from '../../import/types';

/** A label exactly as one source publishes it, and how it maps onto the taxonomy. */
@Entity({ name: 'raw_indicators' })
export class RawIndicatorEntity {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'integer', name: 'source_id' }) sourceId: number;
  @Column({ type: 'text' }) label: string;
  @Column({ type: 'text', name: 'normalised_label' }) normalisedLabel: string;
  @Column({ type: 'text', name: 'unit_text', nullable: true }) unitText: string | null;
  @Column({ type: 'integer', name: 'indicator_id', nullable: true }) indicatorId: number | null;
  @Column({ type: 'text', nullable: true }) transformation: string | null;
  @Column({ type: 'numeric', name: 'transformation_factor', nullable: true }) transformationFactor: string | null;
  @Column({ type: 'text', name: 'transformation_note', nullable: true }) transformationNote: string | null;
  @Column({ type: 'text', name: 'mapped_by', nullable: true }) mappedBy: string | null;
}

/** One published figure: its value as a number and as text, where it came from, and what is known about its quality. */
@Entity({ name: 'observations' })
export class ObservationEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: string;
  @Column({ type: 'integer', name: 'raw_indicator_id' }) rawIndicatorId: number;
  @Column({ type: 'integer', name: 'indicator_id', nullable: true }) indicatorId: number | null;
  @Column({ type: 'integer', name: 'source_id' }) sourceId: number;
  @Column({ type: 'integer', name: 'office_id', nullable: true }) officeId: number | null;
  @Column({ type: 'integer', name: 'municipality_id', nullable: true }) municipalityId: number | null;
  @Column({ type: 'text' }) period: string;
  @Column({ type: 'integer' }) year: number;
  @Column({ type: 'text', name: 'period_text', nullable: true }) periodText: string | null;
  @Column({ type: 'text' }) kind: 'actual' | 'target';
  /** Exact decimal as text (PostgreSQL numeric), in the canonical indicator's unit. */
  @Column({ type: 'numeric', nullable: true }) value: string | null;
  /** The number as read from the document, before any transformation. */
  @Column({ type: 'numeric', name: 'published_value', nullable: true }) publishedValue: string | null;
  @Column({ type: 'text', name: 'value_text', nullable: true }) valueText: string | null;
  @Column({ type: 'text', nullable: true }) unit: string | null;
  @Column({ type: 'text' }) quote: string;
  @Column({ type: 'text', nullable: true }) location: string | null;
  @Column({ type: 'text', array: true }) flags: QualityFlag[];
  @Column({ type: 'boolean', name: 'is_current' }) isCurrent: boolean;
}

/** A required result as a scorecard publishes it. */
@Entity({ name: 'targets' })
export class TargetEntity {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'integer', name: 'source_id' }) sourceId: number;
  @Column({ type: 'integer', name: 'raw_indicator_id' }) rawIndicatorId: number;
  @Column({ type: 'integer', name: 'indicator_id', nullable: true }) indicatorId: number | null;
  @Column({ type: 'integer', name: 'office_id', nullable: true }) officeId: number | null;
  @Column({ type: 'integer', name: 'municipality_id', nullable: true }) municipalityId: number | null;
  @Column({ type: 'text' }) period: string;
  @Column({ type: 'text' }) text: string;
  @Column({ type: 'text' }) comparator: 'lt' | 'lte' | 'gt' | 'gte' | 'eq' | 'range';
  @Column({ type: 'numeric', nullable: true }) lower: string | null;
  @Column({ type: 'numeric', nullable: true }) upper: string | null;
  @Column({ type: 'text', nullable: true }) unit: string | null;
  @Column({ type: 'jsonb', nullable: true }) bands: Record<string, string> | null;
  @Column({ type: 'text' }) quote: string;
  @Column({ type: 'boolean', name: 'is_current' }) isCurrent: boolean;
}
