import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A published document, one row per version; the full text is kept so every quote can be checked. */
@Entity({ name: 'sources' })
export class SourceEntity {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'text', name: 'document_key' }) documentKey: string;
  @Column({ type: 'integer' }) version: number;
  @Column({ type: 'text' }) title: string;
  @Column({ type: 'text' }) publisher: string;
  @Column({ type: 'integer', name: 'office_id', nullable: true }) officeId: number | null;
  @Column({ type: 'integer', name: 'municipality_id', nullable: true }) municipalityId: number | null;
  @Column({ type: 'integer', name: 'report_year', nullable: true }) reportYear: number | null;
  @Column({ type: 'text', nullable: true }) url: string | null;
  @Column({ type: 'text' }) format: string;
  @Column({ type: 'text' }) sha256: string;
  @Column({ type: 'timestamptz', name: 'retrieved_at', nullable: true }) retrievedAt: Date | null;
  @Column({ type: 'timestamptz', name: 'imported_at' }) importedAt: Date;
  @Column({ type: 'text' }) content: string;
  @Column({ type: 'integer', name: 'superseded_by_id', nullable: true }) supersededById: number | null;
}
