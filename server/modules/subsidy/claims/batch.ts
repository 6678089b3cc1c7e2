/**
 * The evaluator's input and output documents (contracts.md §3). The claim workflow draws the
 * facts from the database into this shape, so the CLI, the what-if simulator and the
 * review workflow all run the same evaluator over the same kind of document.
 */

export interface BatchPerson {
  id: string;
  groups: string[];
  student_periods?: { from: string; to: string }[];
}

export type BatchHistory =
  | { person: string; kind: 'training'; training_type: string; class_start: string; class_end: string }
  | { person: string; kind: 'living_allowance'; date: string }
  | { person: string; kind: 'work_as_training'; date: string }
  | { person: string; kind: 'apprenticeship'; year: number }
  | { voucher: string; kind: 'voucher_redeemed' };

export interface BatchTrainee {
  person: string;
  registered_before_start: boolean;
  completed: boolean;
  passed: boolean;
  days_attended: number;
  employed: boolean;
  voucher?: string | null;
}

export interface BatchClass {
  id: string;
  type: string;
  key_group: boolean;
  institution: string;
  start: string;
  end: string;
  standard: number;
  trainees: BatchTrainee[];
}

export interface Batch {
  people: BatchPerson[];
  history: BatchHistory[];
  institutions: { id: string; blacklisted_since: string | null }[];
  enterprises: { id: string; wage_arrears_since_2020: boolean; classified: boolean; sample: { checked: number; unaware: number } }[];
  classes: BatchClass[];
  claims: Record<string, unknown>[];
}

/** Yuan (as the evaluator reports, 2 decimals) → integer fen. */
export function yuanToFen(yuan: number): number {
  return Math.round(yuan * 100);
}

/** Integer fen → yuan for the evaluator's input. */
export function fenToYuan(fen: number): number {
  return fen / 100;
}
