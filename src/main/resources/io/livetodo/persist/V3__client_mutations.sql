-- What became of each numbered mutation of each client on each list (exactly-once delivery): written in the same
-- transaction as the mutation's changes, or alone when it was refused. first_seq..last_seq are the changes it made
-- (0 and 0: none); error_code and error_message say why it was refused. Rows older than todo.clients.retention go.
CREATE TABLE client_mutation (
    list_name     VARCHAR(64)   NOT NULL,
    client_id     VARCHAR(64)   NOT NULL,
    mutation      BIGINT        NOT NULL,
    first_seq     BIGINT        NOT NULL,
    last_seq      BIGINT        NOT NULL,
    error_code    VARCHAR(40),
    error_message VARCHAR(1000),
    processed     TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (list_name, client_id, mutation)
);
CREATE INDEX client_mutation_processed ON client_mutation (processed);
