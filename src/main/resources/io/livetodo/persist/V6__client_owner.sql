-- With a login required, the user each client id belongs to: the first who used it. Another user offering the same
-- id is refused, so that knowing someone's client id (from a log, say) is not enough to make their next changes
-- count as duplicates. A row whose client has no mutation record left goes with the retention sweep.
CREATE TABLE client_owner (
    client_id  VARCHAR(64)  NOT NULL PRIMARY KEY,
    user_name  VARCHAR(255) NOT NULL,
    claimed    TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX client_owner_claimed ON client_owner (claimed);
