-- Registry import speed (quality.md §2). Most persons belong to no household (the official
-- registration form has no 户编号 column), yet every one of them put a NULL entry into
-- persons_household_idx: ≈ 10 % of the cost of a bulk COPY into persons. Lookups by household
-- (`household_id = $1`, and the foreign-key checks of households) imply NOT NULL, so a partial
-- index serves them all.
DROP INDEX persons_household_idx;
CREATE INDEX persons_household_idx ON persons (household_id) WHERE household_id IS NOT NULL;
