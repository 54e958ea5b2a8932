-- One row: a random id made when this database is first used. A list that was never stored has the epoch derived
-- from it and the list's name, so that every server on this database gives a new list the same epoch without
-- storing anything for it, while another database (a fresh one) gives the same name another epoch.
CREATE TABLE store_instance (
    singleton INTEGER     NOT NULL PRIMARY KEY,
    id        VARCHAR(36) NOT NULL,
    CHECK (singleton = 1)
);
