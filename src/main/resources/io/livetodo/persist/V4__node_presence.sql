-- Presence across nodes: how many connections each node has on each list, and when each node was last heard of, by
-- the database's clock. A node not heard of for a few seconds (killed, cut off) is not counted; its rows go after
-- an hour.
CREATE TABLE node_presence (
    node_id     VARCHAR(40)   NOT NULL,
    list_name   VARCHAR(64)   NOT NULL,
    connections INTEGER       NOT NULL,
    PRIMARY KEY (node_id, list_name)
);
CREATE TABLE node_heartbeat (
    node_id VARCHAR(40)              NOT NULL PRIMARY KEY,
    seen    TIMESTAMP WITH TIME ZONE NOT NULL
);
