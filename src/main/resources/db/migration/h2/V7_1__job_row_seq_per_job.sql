-- A job row's seq is now its place in its job's discovery order, counted from 1 in each job
-- (Discovery), so seqs repeat across jobs: the unique constraint the column was created with goes,
-- as PostgreSQL's went in V5_2. H2 named it itself, so the name is looked up.
EXECUTE IMMEDIATE 'ALTER TABLE bulk_job_messages DROP CONSTRAINT ' || (
    SELECT QUOTE_IDENT(tc.CONSTRAINT_NAME)
      FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS tc
      JOIN INFORMATION_SCHEMA.KEY_COLUMN_USAGE k
        ON k.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA AND k.CONSTRAINT_NAME = tc.CONSTRAINT_NAME
     WHERE tc.TABLE_SCHEMA = CURRENT_SCHEMA AND tc.TABLE_NAME = 'BULK_JOB_MESSAGES'
       AND tc.CONSTRAINT_TYPE = 'UNIQUE' AND k.COLUMN_NAME = 'SEQ');
