-- One row per list: its epoch (which history its sequence numbers belong to) and its last sequence number.
CREATE TABLE todo_list (
    name  VARCHAR(64) PRIMARY KEY,
    epoch VARCHAR(32) NOT NULL,
    seq   BIGINT      NOT NULL
);

-- The todos as they are now; position is the sequence number that added them, which keeps creation order.
CREATE TABLE todo (
    list_name VARCHAR(64)   NOT NULL,
    id        VARCHAR(36)   NOT NULL,
    position  BIGINT        NOT NULL,
    title     VARCHAR(4000) NOT NULL,
    completed BOOLEAN       NOT NULL,
    created   TIMESTAMP WITH TIME ZONE NOT NULL,
    updated   TIMESTAMP WITH TIME ZONE NOT NULL,
    version   BIGINT        NOT NULL,
    PRIMARY KEY (list_name, id)
);

-- Every change ever made, by list and sequence number: what resyncing clients are sent.
CREATE TABLE change_log (
    list_name VARCHAR(64)   NOT NULL,
    seq       BIGINT        NOT NULL,
    kind      VARCHAR(10)   NOT NULL,
    todo_id   VARCHAR(36)   NOT NULL,
    title     VARCHAR(4000) NOT NULL,
    completed BOOLEAN       NOT NULL,
    created   TIMESTAMP WITH TIME ZONE NOT NULL,
    updated   TIMESTAMP WITH TIME ZONE NOT NULL,
    version   BIGINT        NOT NULL,
    PRIMARY KEY (list_name, seq)
);
