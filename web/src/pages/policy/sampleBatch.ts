/**
 * 示例批次 of the what-if panel (contracts.md §3): a key-group class where one of two
 * qualified trainees found work (50 % employment), a living-allowance claim above the daily
 * standards, and a work-as-training claim without a higher certificate, so that every
 * figure a province usually adjusts shows in the result.
 */
export const SAMPLE_BATCH = {
  people: [
    { id: '530627199001011234', groups: ['lifted_out_of_poverty'] },
    { id: '530627199202022345', groups: ['migrant_worker'] },
  ],
  history: [],
  institutions: [{ id: 'I1', blacklisted_since: null }],
  enterprises: [{ id: 'E1', wage_arrears_since_2020: false, classified: false, sample: { checked: 10, unaware: 1 } }],
  classes: [
    {
      id: 'K1',
      type: 'employment_skills',
      key_group: true,
      institution: 'I1',
      start: '2026-03-02',
      end: '2026-03-31',
      standard: 1200,
      trainees: [
        { person: '530627199001011234', registered_before_start: true, completed: true, passed: true, days_attended: 28, employed: true },
        { person: '530627199202022345', registered_before_start: true, completed: true, passed: true, days_attended: 26, employed: false },
      ],
    },
  ],
  claims: [
    { id: 'C1', kind: 'training', class: 'K1', date: '2026-04-10' },
    { id: 'C2', kind: 'living_allowance', class: 'K1', person: '530627199001011234', living_per_day: 25, transport_per_day: 30, date: '2026-04-10' },
    { id: 'C3', kind: 'work_as_training', enterprise: 'E1', person: '530627199202022345', standard: 500, wage: 1900, min_wage: 1800, date: '2026-05-01' },
  ],
};

/** The sample as the text the panel shows. */
export const SAMPLE_BATCH_TEXT = JSON.stringify(SAMPLE_BATCH, null, 2);
